// A lesson of the built-in library (SPEC §5): a scenario with expectations on the steps whose
// result matters, notes beside the steps that carry the point, and text for the library list.
import type { CustomModule, KernelConfig, Scenario, Step } from '../../types';

export interface Lesson {
  /** stable, unique in the library */
  id: string;
  title: string;
  /** one sentence for the searchable list */
  summary: string;
  /** 2–4 sentences: what it shows and why, naming the kernel functions involved */
  teaches: string;
  /** e.g. "flb", "kexec", "failure", "7.1" */
  tags: string[];
  scenario: Scenario;
}

interface LessonScenario {
  title: string;
  description: string;
  kernel?: KernelConfig;
  modules: string[];
  customModules?: CustomModule[];
  steps: Step[];
}

/** A format-v1 scenario with the kernel config spelled out (defaults: latest, no patches, on). */
export function lessonScenario(s: LessonScenario): Scenario {
  return {
    format: 'luoscope-scenario',
    version: 1,
    title: s.title,
    description: s.description,
    kernel: { profile: 'latest', patches: [], liveupdate: true, ...s.kernel },
    boot: { modules: [...s.modules] },
    ...(s.customModules ? { customModules: s.customModules } : {}),
    steps: s.steps,
  };
}

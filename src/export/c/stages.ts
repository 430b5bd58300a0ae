// Split a scenario at its kexec steps: one stage per boot, run as the kernel's kexec selftests
// run their binary (luo_test(): stage 1 before the kexec, stage 2 after it).
import type { Step } from '../../scenario/types';

export interface Stage {
  /** 1-based, as the test's --stage option */
  n: number;
  /** indexes into the scenario's steps[], without the kexec steps */
  steps: number[];
  /** the kexec step that started this boot (stage 2 on) */
  after?: number;
}

export function splitStages(steps: readonly Step[]): Stage[] {
  const stages: Stage[] = [{ n: 1, steps: [] }];
  steps.forEach((s, i) => {
    if (s.op === 'kexec') stages.push({ n: stages.length + 1, steps: [], after: i });
    else stages[stages.length - 1]!.steps.push(i);
  });
  return stages;
}

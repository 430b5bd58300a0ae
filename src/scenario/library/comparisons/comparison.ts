// A comparison of the built-in library (issue #14): one scenario, run on its own kernel (A)
// and on a second kernel B, with the point of a mailing-list debate in the difference.
import type { CompareKernel } from '../../../compare/config';
import type { KernelConfig, Scenario, Step } from '../../types';

export interface LibraryComparison {
  /** stable, unique in the library */
  id: string;
  title: string;
  /** one sentence for the searchable list */
  summary: string;
  /** what the difference shows and why, naming the kernel functions */
  teaches: string;
  tags: string[];
  /** side A: the scenario on its own kernel (its expectations are A's) */
  scenario: Scenario;
  /** side B */
  b: CompareKernel;
  /** the step (0-based) where the debate's difference shows, for the tour and the tests */
  point: number;
}

/** A format-2 scenario with its kernel spelled out. */
export function comparisonScenario(s: { title: string; description: string; kernel: KernelConfig; modules: string[]; steps: Step[] }): Scenario {
  return {
    format: 'luoscope-scenario',
    version: 2,
    title: s.title,
    description: s.description,
    kernel: { patches: [], liveupdate: true, ...s.kernel },
    boot: { modules: [...s.modules] },
    steps: s.steps,
  };
}

// The scenario the New scenario dialog makes: empty, with a kernel and modules of its own.
import { SCENARIO_VERSION, type PatchId, type ProfileId, type Scenario } from '../../scenario/types';

/** The scenario the dialog's answers make (format 2: `latest` is the newest release). */
export function newScenario(a: { title: string; profile: ProfileId; patches: PatchId[]; modules: string[]; liveupdate: boolean }): Scenario {
  return {
    format: 'luoscope-scenario',
    version: SCENARIO_VERSION,
    title: a.title.trim() || 'New scenario',
    kernel: { profile: a.profile, patches: a.patches, liveupdate: a.liveupdate },
    boot: { modules: a.modules },
    steps: [],
  };
}

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run';
import { project } from '../../engine/projection';
import type { PatchId, ProfileId, Scenario } from '../../scenario/types';
import { describeNode } from './describe';

function viewAt(profile: ProfileId, patches: PatchId[] = []) {
  const s: Scenario = {
    format: 'luoscope-scenario',
    version: 2,
    kernel: { profile, patches, liveupdate: true },
    boot: { modules: ['memfd', 'hugetlb'] },
    steps: [
      { op: 'open_device', as: 'luo' },
      { op: 'create_session', device: 'luo', name: 'vm', as: 's' },
    ],
  };
  return project(runScenario(s).events);
}

describe('inspector actions follow the kernel at hand (engine/allowed.ts)', () => {
  it('offers GET_NAME only from 7.2 on', () => {
    const sid = (v: ReturnType<typeof viewAt>) => Number(Object.keys(v.sessions)[0]);
    const on = (p: ProfileId) => {
      const v = viewAt(p);
      return describeNode({ type: 'session', gen: 0, sid: sid(v) }, v)!.actions;
    };
    expect(on('7.1')).not.toContain('GET_NAME');
    expect(on('7.2')).toContain('GET_NAME');
  });

  it('offers the FLB calls the kernel has, by their kernel names', () => {
    const flb = (p: ProfileId, patches: PatchId[] = []) => describeNode({ type: 'flb', gen: 0, compatible: 'hugetlb-v1' }, viewAt(p, patches))!.actions;
    expect(flb('7.1')).toEqual(['liveupdate_flb_get_incoming()', 'liveupdate_flb_get_outgoing()']);
    expect(flb('7.3')).toEqual(['liveupdate_flb_get_incoming()', 'liveupdate_flb_put_incoming()', 'liveupdate_flb_get_outgoing()', 'liveupdate_flb_put_outgoing()']);
    expect(flb('v1-latest', ['lock-api-v6'])).toContain('liveupdate_flb_outgoing_unlock()');
  });
});

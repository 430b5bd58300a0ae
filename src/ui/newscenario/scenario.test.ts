import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../scenario/validate';
import { newScenario } from './scenario';

describe('newScenario', () => {
  it('is a valid format-2 scenario with no steps and only what was chosen', () => {
    const s = newScenario({ title: '  my test ', profile: '7.1', patches: ['flb-outgoing-refcount'], modules: ['memfd', 'hugetlb'], liveupdate: false });
    expect(s).toMatchObject({ version: 2, title: 'my test', kernel: { profile: '7.1', patches: ['flb-outgoing-refcount'], liveupdate: false }, boot: { modules: ['memfd', 'hugetlb'] }, steps: [] });
    expect(s).not.toHaveProperty('description');
    expect(validateScenario(s).ok).toBe(true);
  });
  it('has a title even when none was typed', () => {
    expect(newScenario({ title: ' ', profile: 'latest', patches: [], modules: ['memfd'], liveupdate: true }).title).toBe('New scenario');
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_SHARED_SCENARIOS, VENDORED_SHARED_SCENARIOS } from './shared-scenarios';

describe('fixtures/shared-scenarios', () => {
  const list = (d: string) => readdirSync(d).filter((f) => f.endsWith('.json')).sort();
  it('holds the example scenarios', () => {
    expect(list(VENDORED_SHARED_SCENARIOS).length).toBeGreaterThanOrEqual(3);
  });
  it.runIf(existsSync(UPSTREAM_SHARED_SCENARIOS))('is an exact copy of ../shared/scenarios (copy them over when this fails)', () => {
    expect(list(VENDORED_SHARED_SCENARIOS)).toEqual(list(UPSTREAM_SHARED_SCENARIOS));
    for (const f of list(UPSTREAM_SHARED_SCENARIOS)) expect(readFileSync(join(VENDORED_SHARED_SCENARIOS, f), 'utf8'), f).toBe(readFileSync(join(UPSTREAM_SHARED_SCENARIOS, f), 'utf8'));
  });
});

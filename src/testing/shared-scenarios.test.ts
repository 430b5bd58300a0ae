import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPSTREAM_SHARED_SCENARIOS, VENDORED_SHARED_SCENARIOS } from './shared-scenarios';

describe('fixtures/shared-scenarios', () => {
  const list = (d: string) => readdirSync(d).filter((f) => f.endsWith('.json')).sort();
  it('holds the example scenarios', () => {
    expect(list(VENDORED_SHARED_SCENARIOS).length).toBeGreaterThanOrEqual(3);
  });
  it('is an exact copy of ../shared/scenarios (copy them over when this fails)', (ctx) => {
    if (!existsSync(UPSTREAM_SHARED_SCENARIOS)) {
      // said out loud: every test that reads the example scenarios ran on the vendored copy
      console.warn(`\n!!! ${UPSTREAM_SHARED_SCENARIOS} is not beside this checkout: the example scenarios were read from fixtures/shared-scenarios, and that copy could not be compared with the product's. Clone beside shared/ to check it.\n`);
      ctx.skip('../shared/scenarios is absent');
      return;
    }
    expect(list(VENDORED_SHARED_SCENARIOS)).toEqual(list(UPSTREAM_SHARED_SCENARIOS));
    for (const f of list(UPSTREAM_SHARED_SCENARIOS)) expect(readFileSync(join(VENDORED_SHARED_SCENARIOS, f), 'utf8'), f).toBe(readFileSync(join(UPSTREAM_SHARED_SCENARIOS, f), 'utf8'));
  });
});

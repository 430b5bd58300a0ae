// Where the tests find ../shared/scenarios (the product's example scenarios). CI has shared/
// beside the checkout; a clone elsewhere falls back to the copy in fixtures/shared-scenarios,
// which shared-scenarios.test.ts keeps identical whenever shared/ is present.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const UPSTREAM_SHARED_SCENARIOS = resolve(REPO_ROOT, '../shared/scenarios');
export const VENDORED_SHARED_SCENARIOS = resolve(REPO_ROOT, 'fixtures/shared-scenarios');

export const SHARED_SCENARIOS_DIR = process.env.LUOSCOPE_SHARED_SCENARIOS ?? (existsSync(UPSTREAM_SHARED_SCENARIOS) ? UPSTREAM_SHARED_SCENARIOS : VENDORED_SHARED_SCENARIOS);

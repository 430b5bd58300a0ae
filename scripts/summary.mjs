#!/usr/bin/env node
// Prints one plain line summing the unit (Vitest) and e2e (Playwright) JSON reports:
//   N passed, N failed[, N skipped]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function readReport(rel) {
  const file = root + rel;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`summary: cannot read ${rel}: ${err.message}`);
    process.exitCode = 1;
    return null;
  }
}

const n = (v) => (Number.isFinite(v) ? v : 0);
let passed = 0;
let failed = 0;
let skipped = 0;

const unit = readReport('reports/unit.json');
if (unit) {
  passed += n(unit.numPassedTests);
  failed += n(unit.numFailedTests);
  skipped += n(unit.numPendingTests) + n(unit.numTodoTests);
}

const e2e = readReport('reports/e2e.json');
if (e2e?.stats) {
  const s = e2e.stats;
  passed += n(s.expected) + n(s.flaky);
  failed += n(s.unexpected);
  skipped += n(s.skipped);
}

console.log(`${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : ''));
if (failed > 0) process.exitCode = 1;

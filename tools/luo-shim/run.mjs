#!/usr/bin/env node
// Run a LUO selftest against the shim and luoscope's engine, stage after stage:
//   node tools/luo-shim/run.mjs SCENARIO.json ./luo_x_test [--stages N] [-- ARGS...]
// The scenario gives the kernel (profile, patches, modules); the binary's calls are the steps.
// Vite's module loader runs the TypeScript engine directly, so nothing needs building first.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const extra = dash < 0 ? [] : argv.slice(dash + 1);
const si = own.indexOf('--stages');
const stages = si >= 0 ? Number(own.splice(si, 2)[1]) : undefined;
if (own.length !== 2 || (stages !== undefined && !(stages >= 1))) {
  process.stderr.write('usage: node tools/luo-shim/run.mjs SCENARIO.json ./test-binary [--stages N] [-- ARGS...]\n');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const server = await createServer({ root, configFile: false, appType: 'custom', logLevel: 'error', server: { middlewareMode: true, hmr: false, watch: null }, optimizeDeps: { noDiscovery: true, include: [] } });
try {
  const { parseScenarioText } = await server.ssrLoadModule('/src/scenario/validate.ts');
  const { buildShim } = await server.ssrLoadModule('/tools/luo-shim/build.ts');
  const { runWithShim } = await server.ssrLoadModule('/tools/luo-shim/driver.ts');
  const parsed = parseScenarioText(readFileSync(own[0], 'utf8'));
  if (!parsed.ok) {
    process.stderr.write(`${own[0]} is not a valid scenario:\n${parsed.issues.map((i) => `  ${i.message}`).join('\n')}\n`);
    process.exit(2);
  }
  const shim = process.env.LUO_SHIM_SO ?? (await buildShim());
  const run = await runWithShim({ scenario: parsed.scenario, binary: resolve(own[1]), shim, stages, args: extra });
  for (const s of run.stages) {
    process.stdout.write(`# ---- run ${s.stage} (exit ${s.code}) ----\n${s.stdout}`);
    if (s.stderr) process.stderr.write(s.stderr);
  }
  process.stdout.write(`# luo-shim: ${run.ok ? 'every stage passed' : 'FAILED'} (${run.calls.length} calls answered by the engine)\n`);
  process.exitCode = run.ok ? 0 : 1;
} finally {
  await server.close();
}

// The luoscope command line: `luoscope run FILE.json [--json] [--strict]` (SPEC §3).
import { readFileSync } from 'node:fs';
import { runCli } from './cli';

const { code, stdout, stderr } = runCli(process.argv.slice(2), (path) => readFileSync(path, 'utf8'));
if (stdout) process.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
if (stderr) process.stderr.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
process.exitCode = code;

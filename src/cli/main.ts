// The luoscope command line: `luoscope run FILE.json [--json] [--strict]` (SPEC §3).
import { EXIT_INTERNAL, runCli } from './cli';
import { readScenarioFile } from './read';

// the reader of stdout went away (`| head`): stop quietly, as other commands do
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`luoscope: internal error: cannot write the output: ${e.message}\n`);
  process.exit(EXIT_INTERNAL);
});

const { code, stdout, stderr } = runCli(process.argv.slice(2), (path) => readScenarioFile(path));
if (stdout) process.stdout.write(stdout.endsWith('\n') ? stdout : `${stdout}\n`);
if (stderr) process.stderr.write(stderr.endsWith('\n') ? stderr : `${stderr}\n`);
process.exitCode = code;

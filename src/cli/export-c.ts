// `luoscope export-c FILE.json [-o FILE.c] [--skip-kernel-steps] [--base URL]`: the scenario as
// a kernel selftest in C (src/export/c), printed or written to a file.
import { writeFileSync } from 'node:fs';
import { exportC } from '../export/c';
import { parseScenarioText } from '../scenario/validate';
import type { CliOutput } from './cli';
import { parseBase } from './base';

/** The usage line (the top of luoscope's usage) and the explanation below it. */
export const EXPORT_C_LINE = '       luoscope export-c FILE.json [-o OUT.c] [--skip-kernel-steps] [--base URL]';
export const EXPORT_C_HELP = `  export-c  print the scenario as a kernel selftest in C (kselftest TAP,
          the real ioctls, one stage per boot across each kexec), or
          write it to OUT.c. Steps userspace cannot perform (inject,
          modules, FLB calls, other file kinds, a kexec into another
          kernel) refuse the export, naming each step (exit 1)
  --skip-kernel-steps  turn those steps into TAP skips instead`;
const EXPORT_C_USAGE = `usage: ${EXPORT_C_LINE.trim()}\n\n${EXPORT_C_HELP}`;

const usageError = (message: string): CliOutput => ({ code: 2, stdout: '', stderr: `luoscope export-c: ${message}\n${EXPORT_C_USAGE}` });

export function exportCCommand(
  args: string[],
  readFile: (path: string) => string,
  writeFile: (path: string, text: string) => void = (p, t) => writeFileSync(p, t),
): CliOutput {
  const files: string[] = [];
  const opts: { out?: string; base?: string } = {};
  let skip = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^(?:-o|--output|--base)(?:=(.*))?$/s.exec(a);
    if (m) {
      const key = a.startsWith('--base') ? 'base' : 'out';
      if (opts[key] !== undefined) return usageError(`${key === 'base' ? '--base' : '-o'} is given twice`);
      const value = m[1] ?? args[++i];
      if (value === undefined || value === '') return usageError(`${a} needs a value`);
      opts[key] = value;
    } else if (a === '--skip-kernel-steps') skip = true;
    else if (a.startsWith('-') && a !== '-') return usageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return usageError('give exactly one scenario file');
  const b = parseBase(opts.base);
  if ('error' in b) return usageError(b.error);
  const base = b.base;
  const file = files[0]!;
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    return { code: 2, stdout: '', stderr: `luoscope: cannot read ${file}: ${(e as Error).message}` };
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    const lines = parsed.issues.map((i) => `  ${i.message}`);
    return { code: 2, stdout: '', stderr: `luoscope: ${file} is not a valid scenario; nothing exported:\n${lines.join('\n')}` };
  }
  const r = exportC(parsed.scenario, { skipKernelSteps: skip, base });
  if (!r.ok) return { code: 1, stdout: '', stderr: `luoscope export-c: ${file}: ${r.message}` };
  const note = r.skipped.length ? `luoscope export-c: ${r.skipped.length} step(s) exported as TAP skips: ${r.skipped.map((s) => `steps[${s.i}] ${s.op}`).join(', ')}` : '';
  if (opts.out === undefined) return { code: 0, stdout: r.text, stderr: note };
  try {
    writeFile(opts.out, r.text);
  } catch (e) {
    return { code: 2, stdout: '', stderr: `luoscope: cannot write ${opts.out}: ${(e as Error).message}` };
  }
  return { code: 0, stdout: '', stderr: [note, `luoscope export-c: wrote ${opts.out} (${r.fileName} is the suggested name)`].filter(Boolean).join('\n') };
}

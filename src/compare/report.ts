// A comparison as a report: the `luoscope-diff` JSON object and the 72-column text for a mail
// (the CLI prints them; the app copies the text).
import type { LuoEvent } from '../engine/events';
import type { ResolvedScenario } from '../scenario/types';
import { escapeControl } from '../text/control';
import { TRACE_WIDTH, wrap } from '../trace/text';
import { describeKernel, kernelLabel, type CompareKernel } from './config';
import type { Comparison, DiffRow } from './diverge';
import { explainRow, type RowExplanation, type ViewBefore } from './explain';

export interface DiffSide {
  kernel: CompareKernel;
  events: readonly LuoEvent[];
  before: ViewBefore;
}

export interface DiffReport {
  format: 'luoscope-diff';
  version: 1;
  title?: string;
  steps: number;
  a: { kernel: CompareKernel; label: string; events: number; halted: boolean };
  b: { kernel: CompareKernel; label: string; events: number; halted: boolean };
  first: DiffRowOut | null;
  rows: DiffRowOut[];
}

export interface DiffSideOut {
  result: string | null;
  value?: string;
  /** the kernel panicked in this step */
  panic: boolean;
  callbacks: string[];
  explain: RowExplanation['a'];
}

export interface DiffRowOut {
  step: number;
  op: string;
  kinds: string[];
  a: DiffSideOut;
  b: DiffSideOut;
  onlyA: string[];
  onlyB: string[];
  reordered: boolean;
  counts: { what: string; a: number | null; b: number | null }[];
}

function rowOut(r: DiffRow, ex: RowExplanation): DiffRowOut {
  const side = (s: DiffRow['a'], e: RowExplanation['a']): DiffSideOut => ({ result: s.result, ...(s.value !== undefined ? { value: s.value } : {}), panic: s.panicAt >= 0, callbacks: s.callbacks, explain: e });
  return { step: r.step, op: r.op, kinds: [...r.kinds], a: side(r.a, ex.a), b: side(r.b, ex.b), onlyA: r.onlyA, onlyB: r.onlyB, reordered: r.reordered, counts: r.counts };
}

export function diffReport(s: ResolvedScenario, c: Comparison, a: DiffSide, b: DiffSide): DiffReport {
  const rows = c.rows.map((r) => rowOut(r, explainRow(r, a, b)));
  const halted = (ev: readonly LuoEvent[]) => ev.some((e) => e.type === 'panic');
  return {
    format: 'luoscope-diff',
    version: 1,
    ...(s.title !== undefined ? { title: s.title } : {}),
    steps: c.steps,
    a: { kernel: a.kernel, label: kernelLabel(a.kernel, s.version), events: a.events.length, halted: halted(a.events) },
    b: { kernel: b.kernel, label: kernelLabel(b.kernel, s.version), events: b.events.length, halted: halted(b.events) },
    first: rows[0] ?? null,
    rows,
  };
}

const stepName = (r: DiffRowOut) => (r.step < 0 ? 'boot' : `step ${r.step} (${r.op})`);
const shown = (x: { result: string | null; value?: string }) => `${x.result ?? '—'}${x.value !== undefined ? ` ${JSON.stringify(x.value.length > 40 ? `${x.value.slice(0, 40)}…` : x.value)}` : ''}`;

/** One line that says what differs first. */
export function summaryLine(r: DiffRowOut): string {
  const what = r.kinds.includes('halt') || r.kinds.includes('result') ? `A ${shown(r.a)}, B ${shown(r.b)}` : r.kinds.includes('panic') ? `${r.a.panic ? 'A' : 'B'} panics` : r.kinds.includes('callbacks') ? 'the callbacks differ' : 'the counts differ';
  return `${stepName(r)}: ${what} [${r.kinds.join(', ')}]`;
}

/** The report as text of at most 72 columns (control characters escaped). */
export function formatDiff(d: DiffReport): string {
  const out: string[] = [];
  const push = (line: string) => out.push(...wrap(escapeControl(line), TRACE_WIDTH));
  push(`luoscope diff${d.title ? `: ${d.title}` : ''}`);
  push(`A: ${describeKernel(d.a.kernel)}`);
  push(`B: ${describeKernel(d.b.kernel)}`);
  if (!d.first) {
    push(`A and B agree on all ${d.steps} steps: same results, callbacks and counts.`);
    return out.join('\n');
  }
  push(`first divergence: ${summaryLine(d.first)}`);
  push(`${d.rows.length} step${d.rows.length === 1 ? '' : 's'} of ${d.steps} differ${d.rows.length === 1 ? 's' : ''}:`);
  for (const r of d.rows) {
    out.push('');
    push(`${stepName(r)} [${r.kinds.join(', ')}]`);
    push(`  A ${d.a.label}: ${shown(r.a)}`);
    push(`  B ${d.b.label}: ${shown(r.b)}`);
    if (r.a.panic || r.b.panic) push(`  ${r.a.panic ? 'A' : 'B'} panics: every later step answers "halted"`);
    for (const c of r.onlyA) push(`  only A: ${c}`);
    for (const c of r.onlyB) push(`  only B: ${c}`);
    if (r.reordered) push('  same callbacks, in another order');
    for (const c of r.counts) push(`  ${c.what}: A ${c.a ?? 'none'}, B ${c.b ?? 'none'}`);
    // an explanation both sides share (the same result, explained alike) is printed once
    const key = (e: { text: string; kernel: string }) => `${e.text}\n${e.kernel}`;
    const inB = new Set(r.b.explain.map(key));
    const inA = new Set(r.a.explain.map(key));
    for (const e of r.a.explain) push(`  why ${inB.has(key(e)) ? 'A and B' : 'A'}: ${e.text} [${e.kernel}]`);
    for (const e of r.b.explain) if (!inA.has(key(e))) push(`  why B: ${e.text} [${e.kernel}]`);
  }
  return out.join('\n');
}

// Where two runs of one scenario differ, step by step. A step diverges when (any of):
//   result    its result differs (errno, or the data of a read, the name of a get_name);
//   callbacks its callback sequence differs: which callbacks ran, their owner (handler or FLB,
//             compatible), their site (session, token), their result, or only their order;
//   counts    an FLB's outgoing or incoming count, or the number of files of a session,
//             touched by the step on either side, differs at the step's end;
//   panic     one kernel panics in the step (luo_early_startup() at a kexec) and the other not;
//   halt      one kernel is halted (it panicked earlier) and answers "halted", the other runs.
// Only what the engine emitted is read (result, callback, flb and session/file events).
import type { LuoEvent, TokenOut } from '../engine/events';
import type { StepOp } from '../scenario/types';
import { stepSpan } from './align';

export type DivergenceKind = 'result' | 'callbacks' | 'counts' | 'panic' | 'halt';
export const DIVERGENCE_KINDS: readonly DivergenceKind[] = ['result', 'callbacks', 'counts', 'panic', 'halt'];

/** One side of a step. */
export interface SideStep {
  /** "ok", an errno, "halted"; null when the run has no such step (the boot row) */
  result: string | null;
  /** a read's content or a get_name's name, when the step returned one */
  value?: string;
  /** every callback of the step, in order, as callbackText() writes it */
  callbacks: string[];
  /** index of the step's result event in the run (-1 for the boot row) */
  resultAt: number;
  /** index of the first callback only this side ran (-1 if none) */
  onlyAt: number;
  /** index of the panic event of the step (-1 if none) */
  panicAt: number;
  /** [start, end) of the step's events */
  span: [number, number];
}

export interface CountDiff {
  /** e.g. "FLB hugetlb-v1 incoming (gen 1)" or "session \"vm1\" files (gen 0, outgoing)" */
  what: string;
  a: number | null;
  b: number | null;
}

export interface DiffRow {
  /** the scenario step, -1 for the cold boot */
  step: number;
  op: StepOp | 'boot';
  kinds: DivergenceKind[];
  a: SideStep;
  b: SideStep;
  /** callbacks only one side ran (a multiset difference, in the side's order) */
  onlyA: string[];
  onlyB: string[];
  /** the same callbacks ran, in another order */
  reordered: boolean;
  counts: CountDiff[];
  /** an expected API difference: the step differs only by callbacks one kernel's API has and
   * the other's not (API_CALLBACKS, e.g. get_id, which luo_preserve_file() asks from 7.1 on);
   * the callbacks named, or null for a real divergence */
  expected: string[] | null;
}

/** Handler callbacks a kernel release added to the API: a step that differs only by these is
 * an expected API difference, not a divergence of behaviour (6.19/7.0 against 7.1+: get_id). */
export const API_CALLBACKS: ReadonlySet<string> = new Set(['get_id']);

/** The callback's name in callbackText()'s "owner compatible callback …". */
const apiCallback = (text: string): string | null => {
  const [owner, , cb] = text.split(' ');
  return owner === 'handler' && cb !== undefined && API_CALLBACKS.has(cb) ? cb : null;
};

/** What the row differs by if only API callbacks tell the sides apart (null otherwise). */
function expectedOnly(kinds: readonly DivergenceKind[], a: readonly string[], b: readonly string[]): string[] | null {
  if (kinds.length !== 1 || kinds[0] !== 'callbacks') return null;
  const rest = (xs: readonly string[]) => xs.filter((x) => apiCallback(x) === null);
  const ra = rest(a);
  const rb = rest(b);
  if (ra.length !== rb.length || ra.some((x, i) => x !== rb[i])) return null;
  return [...new Set([...a, ...b].map(apiCallback).filter((x): x is string => x !== null))];
}

/** The rows that are real divergences (not expected API differences). */
export function realRows(c: Comparison): DiffRow[] {
  return c.rows.filter((r) => r.expected === null);
}

export interface Comparison {
  /** one row per step where the runs differ, in step order */
  rows: DiffRow[];
  /** number of scenario steps compared */
  steps: number;
}

/** A callback as one line: "flb hugetlb-v1 finish (vm1, token 1) ok". */
export function callbackText(ev: Extract<LuoEvent, { type: 'callback' }>): string {
  const site = [ev.session !== undefined ? JSON.stringify(ev.session) : null, ev.token !== undefined ? `token ${String(ev.token as TokenOut)}` : null].filter(Boolean).join(', ');
  const result = ev.result === undefined ? '' : ` ${String(ev.result)}`;
  return `${ev.owner} ${ev.compatible} ${ev.callback}${site ? ` (${site})` : ''}${result}${ev.injected ? ' (injected)' : ''}`;
}

/** Running counts of one side: FLB counts and session file counts, by a key both sides share. */
class Counts {
  readonly values = new Map<string, number>();
  private readonly sessions = new Map<string, string>();

  /** Applies an event; returns the key it changed, if any. */
  apply(ev: LuoEvent): string | null {
    switch (ev.type) {
      case 'flb': {
        const key = `FLB ${ev.compatible} ${ev.side} count (gen ${ev.gen})`;
        this.values.set(key, ev.count);
        return key;
      }
      case 'session_new': {
        const key = `session ${JSON.stringify(ev.name)} files (gen ${ev.gen}, ${ev.dir})`;
        this.sessions.set(`${ev.gen}/${ev.sid}`, key);
        this.values.set(key, 0);
        return key;
      }
      case 'session_gone': {
        const key = this.sessions.get(`${ev.gen}/${ev.sid}`);
        if (key === undefined) return null;
        this.values.delete(key);
        return key;
      }
      case 'file_preserved':
      case 'file_incoming':
      case 'file_unpreserved': {
        const key = this.sessions.get(`${ev.gen}/${ev.sid}`);
        if (key === undefined) return null;
        this.values.set(key, (this.values.get(key) ?? 0) + (ev.type === 'file_unpreserved' ? -1 : 1));
        return key;
      }
      default:
        return null;
    }
  }
}

interface Walk {
  events: readonly LuoEvent[];
  counts: Counts;
}

function side(w: Walk, s: number, touched: Set<string>): SideStep {
  const span = stepSpan(w.events, s);
  const out: SideStep = { result: null, callbacks: [], resultAt: -1, onlyAt: -1, panicAt: -1, span };
  for (let i = span[0]; i < span[1]; i++) {
    const ev = w.events[i]!;
    if (ev.type === 'callback') out.callbacks.push(callbackText(ev));
    else if (ev.type === 'result') {
      out.result = ev.result;
      out.resultAt = i;
      if (ev.data !== undefined) out.value = ev.data;
      else if (ev.name !== undefined) out.value = ev.name;
    } else if (ev.type === 'panic') out.panicAt = i;
    const key = w.counts.apply(ev);
    if (key !== null) touched.add(key);
  }
  return out;
}

/** a − b as multisets, keeping a's order. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/** Index of the first callback event of the span whose text is in `only`. */
function firstOnly(events: readonly LuoEvent[], span: [number, number], only: readonly string[]): number {
  if (only.length === 0) return -1;
  const set = new Set(only);
  for (let i = span[0]; i < span[1]; i++) {
    const ev = events[i]!;
    if (ev.type === 'callback' && set.has(callbackText(ev))) return i;
  }
  return -1;
}

/** Every step of a scenario of `steps` steps (and the cold boot), compared. */
export function compareRuns(a: readonly LuoEvent[], b: readonly LuoEvent[], steps: number, ops: readonly StepOp[] = []): Comparison {
  const wa: Walk = { events: a, counts: new Counts() };
  const wb: Walk = { events: b, counts: new Counts() };
  const rows: DiffRow[] = [];
  for (let s = -1; s < steps; s++) {
    const touched = new Set<string>();
    const sa = side(wa, s, touched);
    const sb = side(wb, s, touched);
    const kinds: DivergenceKind[] = [];
    const haltA = sa.result === 'halted';
    const haltB = sb.result === 'halted';
    if (haltA !== haltB) kinds.push('halt');
    else if (sa.result !== sb.result || sa.value !== sb.value) kinds.push('result');
    const sameCallbacks = sa.callbacks.length === sb.callbacks.length && sa.callbacks.every((c, i) => c === sb.callbacks[i]);
    const onlyA = sameCallbacks ? [] : minus(sa.callbacks, sb.callbacks);
    const onlyB = sameCallbacks ? [] : minus(sb.callbacks, sa.callbacks);
    if (!sameCallbacks) kinds.push('callbacks');
    const counts: CountDiff[] = [];
    for (const what of touched) {
      const x = wa.counts.values.get(what) ?? null;
      const y = wb.counts.values.get(what) ?? null;
      if (x !== y) counts.push({ what, a: x, b: y });
    }
    if (counts.length) kinds.push('counts');
    if ((sa.panicAt >= 0) !== (sb.panicAt >= 0)) kinds.push('panic');
    if (kinds.length === 0) continue;
    sa.onlyAt = firstOnly(a, sa.span, onlyA);
    sb.onlyAt = firstOnly(b, sb.span, onlyB);
    rows.push({ step: s, op: s < 0 ? 'boot' : (ops[s] ?? opOf(a, sa) ?? opOf(b, sb) ?? 'boot'), kinds, a: sa, b: sb, onlyA, onlyB, reordered: !sameCallbacks && onlyA.length === 0 && onlyB.length === 0, counts, expected: expectedOnly(kinds, sa.callbacks, sb.callbacks) });
  }
  return { rows, steps };
}

function opOf(events: readonly LuoEvent[], s: SideStep): StepOp | null {
  const ev = events[s.span[0]];
  return ev?.type === 'step' ? ev.op : null;
}

/** The row of the first divergence, or null when the runs agree (rows that differ only by an
 * expected API difference come after every real divergence). */
export function firstDivergence(c: Comparison): DiffRow | null {
  return realRows(c)[0] ?? c.rows[0] ?? null;
}

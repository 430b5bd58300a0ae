// The event log as plain text: one line per step, callback and kernel phase, at most 72
// columns, errno names as the kernel prints them, steps numbered from 1 ([1] is steps[0]).
// Used by the CLI and "copy trace".
import type { LuoEvent } from '../engine/events';
import type { StepOutcome } from '../engine/engine';
import type { Violation } from '../engine/invariants';
import { escapeControl } from '../text/control';

export const TRACE_WIDTH = 72;

function fit(left: string, right: string, width = TRACE_WIDTH): string[] {
  const gap = width - left.length - right.length;
  if (gap >= 1) return [left + ' '.repeat(gap) + right];
  return [...wrap(left, width), ' '.repeat(Math.max(0, width - right.length)) + right];
}

/** Hard-wrap a line at spaces, continuation lines indented like the first plus four. */
export function wrap(line: string, width = TRACE_WIDTH): string[] {
  if (line.length <= width) return [line];
  const indent = ' '.repeat((/^ */.exec(line)?.[0].length ?? 0) + 4);
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= indent.length) cut = width;
    out.push(rest.slice(0, cut));
    rest = indent + rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

function site(ev: Extract<LuoEvent, { type: 'callback' }>): string {
  const parts = [ev.session !== undefined ? JSON.stringify(ev.session) : null, ev.token !== undefined ? `token ${String(ev.token)}` : null].filter(Boolean);
  return parts.join(', ');
}

function eventLine(ev: LuoEvent): string | null {
  switch (ev.type) {
    case 'boot':
      return `== gen ${ev.gen}: boot ${ev.profile}${ev.patches.length ? `+${ev.patches.join('+')}` : ''}, liveupdate=${ev.liveupdate ? 'on' : 'off'}, ${
        ev.incoming === 'found' ? `incoming LUO data (liveupdate #${ev.liveupdateNum})` : ev.incoming === 'ignored' ? 'incoming LUO data ignored' : 'cold boot'
      }`;
    case 'panic':
      return `   PANIC: ${ev.reason}`;
    case 'handler_register':
      return `   register handler ${ev.compatible} = ${ev.result}`;
    case 'handler_unregister':
      return `   unregister handler ${ev.compatible} = ${ev.result}`;
    case 'flb_register':
      return `   register FLB ${ev.compatible} on ${ev.handler} = ${ev.result}`;
    case 'flb_unregister':
      return `   unregister FLB ${ev.compatible} from ${ev.handler} = ${ev.result}`;
    case 'callback': {
      const r = ev.result === undefined ? '' : ` = ${String(ev.result)}`;
      return `     ${ev.owner === 'flb' ? 'FLB ' : ''}${ev.compatible} ${ev.callback}(${site(ev)})${r}${ev.injected ? ' [injected]' : ''}`;
    }
    case 'flb':
      return `     FLB ${ev.compatible} ${ev.side} count ${ev.count}`;
    case 'kexec':
      return ev.phase === 'start' ? null : `   kexec: ${ev.phase.replace('_', ' ')}${ev.result ? ` = ${ev.result}` : ''}`;
    case 'handover':
      return `   handover ${ev.image.compatible} #${ev.image.liveupdateNum}: ${ev.image.sessions.length} session(s), ${ev.image.sessions.reduce((n, s) => n + s.files.length, 0)} file(s), ${ev.image.flbs?.length ?? 0} FLB(s)`;
    case 'deserialize':
      return `   deserialize incoming sessions = ${ev.result}${ev.reason ? `: ${ev.reason}` : ''}`;
    case 'warn':
      return `   WARN: ${ev.message}`;
    case 'violation':
      return `   VIOLATION ${ev.rule}: ${ev.message}`;
    case 'session_held':
      return `   session held until the next live update (finish = ${ev.result})`;
    default:
      return null;
  }
}

export interface TraceInput {
  title?: string;
  steps: StepOutcome[];
  events: LuoEvent[];
  violations: Violation[];
}

/** Content shown in a trace line: at most this many characters, then the length. */
export const TRACE_DATA_CHARS = 40;

/** A read's data or a name as a quoted string, clipped to TRACE_DATA_CHARS; `length` is the whole one. */
function quoted(s: string, length = s.length): string {
  if (length <= TRACE_DATA_CHARS) return JSON.stringify(s);
  return `${JSON.stringify(s.slice(0, TRACE_DATA_CHARS))}… (${length.toLocaleString('en')} chars)`;
}

/**
 * The whole run as text lines of at most TRACE_WIDTH columns. Every string from the
 * scenario goes through escapeControl(), so the trace is plain printable text. With
 * maxLines, the events stop there with an "output truncated" line; the summary follows.
 */
export function formatTrace(run: TraceInput, opts: { maxLines?: number } = {}): string {
  const max = opts.maxLines ?? Infinity;
  const lines: string[] = [];
  if (run.title) lines.push(...wrap(escapeControl(`luoscope: ${run.title}`)));
  const outcome = new Map(run.steps.map((s) => [s.i, s]));
  let shown = 0;
  for (const ev of run.events) {
    if (lines.length >= max) break;
    shown++;
    if (ev.type === 'step') {
      const s = outcome.get(ev.step);
      const mark = s && !s.met ? ` (expected ${escapeControl(s.expect ?? '?')})` : '';
      const res = s ? `${s.result}${s.data !== undefined ? ` ${quoted(s.data, s.dataLength)}` : ''}${s.name !== undefined ? ` ${quoted(s.name)}` : ''}` : '';
      lines.push(...fit(escapeControl(`[${ev.step + 1}] ${ev.text}`), escapeControl(`${res}${mark}`)));
      continue;
    }
    const l = eventLine(ev);
    if (l !== null) lines.push(...wrap(escapeControl(l)));
  }
  if (shown < run.events.length)
    lines.push(...wrap(`-- output truncated: ${(run.events.length - shown).toLocaleString('en')} more event(s) not shown (--json has them all)`));
  const unmet = run.steps.filter((s) => !s.met);
  lines.push(
    `-- ${run.steps.length} steps, ${unmet.length} expectation(s) not met, ${run.violations.length} violation(s)`,
  );
  for (const s of unmet.slice(0, 1000)) lines.push(...wrap(escapeControl(`   step ${s.i + 1} (${s.op}): ${s.message ?? ''}`)));
  if (unmet.length > 1000) lines.push(`   ... and ${(unmet.length - 1000).toLocaleString('en')} more`);
  return lines.join('\n');
}

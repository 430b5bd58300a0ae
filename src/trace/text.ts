// The event log as plain text: one line per step, callback and kernel phase, at most 72
// columns, errno names as the kernel prints them. Used by the CLI and "copy trace".
import type { LuoEvent } from '../engine/events';
import type { StepOutcome } from '../engine/engine';
import type { Violation } from '../engine/invariants';

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

/** The whole run as text lines of at most TRACE_WIDTH columns. */
export function formatTrace(run: TraceInput): string {
  const lines: string[] = [];
  if (run.title) lines.push(...wrap(`luoscope: ${run.title}`));
  const outcome = new Map(run.steps.map((s) => [s.i, s]));
  for (const ev of run.events) {
    if (ev.type === 'step') {
      const s = outcome.get(ev.step);
      const mark = s && !s.met ? ` (expected ${s.expect ?? '?'})` : '';
      const res = s ? `${s.result}${s.data !== undefined ? ` ${JSON.stringify(s.data)}` : ''}${s.name !== undefined ? ` ${JSON.stringify(s.name)}` : ''}` : '';
      lines.push(...fit(`[${ev.step}] ${ev.text}`, `${res}${mark}`));
      continue;
    }
    const l = eventLine(ev);
    if (l !== null) lines.push(...wrap(l));
  }
  const unmet = run.steps.filter((s) => !s.met);
  lines.push(
    `-- ${run.steps.length} steps, ${unmet.length} expectation(s) not met, ${run.violations.length} violation(s)`,
  );
  for (const s of unmet) lines.push(...wrap(`   step ${s.i} (${s.op}): ${s.message ?? ''}`));
  return lines.join('\n');
}

// Which scenario fd names are usable at a point of the timeline: a name binds to the fd its
// step returned, in that kernel generation and that agent process.
import type { StepOutcome } from '../engine/engine';
import type { FdTarget } from '../engine/events';
import type { WorldView } from '../engine/view';
import type { Step } from '../scenario/types';

export interface Binding {
  name: string;
  fd: number;
  target: FdTarget;
}

/** Names bound by steps 0..upTo whose fd is still open in `view` (same kernel, same process). */
export function liveBindings(steps: readonly Step[], outcomes: readonly StepOutcome[], upTo: number, view: WorldView): Binding[] {
  const bound = new Map<string, { fd: number | null; epoch: number }>();
  let epoch = 0;
  for (let i = 0; i <= upTo && i < steps.length; i++) {
    const st = steps[i]!;
    const out = outcomes[i];
    if (st.op === 'exit_agent' || (st.op === 'kexec' && out?.result === 'ok')) epoch++;
    if ('as' in st) bound.set(st.as, { fd: out?.result === 'ok' && out.fd !== undefined ? out.fd : null, epoch });
  }
  const out: Binding[] = [];
  for (const [name, b] of bound) {
    if (b.fd === null || b.epoch !== epoch) continue;
    const target = view.fds[b.fd];
    if (target) out.push({ name, fd: b.fd, target });
  }
  return out.sort((a, b) => a.fd - b.fd);
}

/** A fresh name with this prefix that no step has used. */
export function freshName(steps: readonly Step[], prefix: string): string {
  const used = new Set(steps.flatMap((s) => ('as' in s ? [s.as] : [])));
  if (!used.has(prefix)) return prefix;
  for (let i = 2; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

// Step outcomes with the whole content of every read: the engine clips a read's data in its
// outcome to EVENT_DATA_CHARS (content.ts), but an exported test asserts every byte.
import { createEngine, type Engine, type StepOutcome } from '../../engine/engine';
import type { Scenario } from '../../scenario/types';

/** The whole content behind an engine fd (devnull reads nothing), or undefined. */
export function contentAt(e: Engine, fd: number | undefined): string | undefined {
  if (fd === undefined) return undefined;
  const id = e.kernel.agent.fds.get(fd);
  const f = id === undefined ? undefined : e.kernel.agent.files.get(id);
  if (!f) return undefined;
  return f.kind === 'devnull' ? '' : f.data;
}

/** runScenario()'s outcomes, reads unclipped; fds followed by name as the engine binds them. */
export function runFull(s: Scenario): StepOutcome[] {
  const e = createEngine(s, { keepEvents: false });
  const fdOf = new Map<string, number>();
  const out: StepOutcome[] = [];
  while (!e.done) {
    const step = s.steps[e.next]!;
    let o = e.step();
    if (step.op === 'kexec' || step.op === 'exit_agent') fdOf.clear();
    if ('as' in step) {
      if (o.result === 'ok' && o.fd !== undefined) fdOf.set(step.as, o.fd);
      else fdOf.delete(step.as);
    }
    if (step.op === 'read' && o.dataLength !== undefined) {
      const whole = contentAt(e, fdOf.get(step.fd));
      if (whole !== undefined) o = { ...o, data: whole };
    }
    out.push(o);
  }
  return out;
}

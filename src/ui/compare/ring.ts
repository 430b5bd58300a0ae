// Which graph nodes differ between A and B at the cursor: the same entity (same generation,
// session id, token, compatible or fd: the graph's ids) with other state, or present on one
// side only. Read off the two views, so it covers nodes that are culled out of view too. The
// current and the previous generation are compared (older lanes no longer change).
import type { FdTarget } from '../../engine/events';
import type { FlbView, HandlerView, SessionView, WorldView } from '../../engine/view';
import type { Entity } from '../graph/structure';

interface Gen {
  sessions: Record<number, SessionView>;
  handlers: Record<string, HandlerView>;
  flbs: Record<string, FlbView>;
}

function genOf(v: WorldView, gen: number): Gen | null {
  if (gen === v.gen) return v;
  return v.past.find((p) => p.gen === gen) ?? null;
}

const sessionSig = (s: SessionView | undefined) => (s ? `${s.name}|${s.dir}|${s.retrieved}|${s.finished}|${s.open}|${s.order.length}` : '');
const flbSig = (f: FlbView | undefined) =>
  f ? `${f.registered}|${f.users}|${f.outgoing.count}|${f.incoming.count}|${f.incoming.retrieved}|${f.incoming.finished}|${f.incoming.error ?? ''}` : '';
const handlerSig = (h: HandlerView | undefined) => (h ? `${h.module}|${h.flbs.join(',')}` : '');
const fdSig = (t: FdTarget | undefined) => (!t ? '' : t.kind === 'device' ? 'device' : t.kind === 'session' ? `session|${t.name}` : `file|${t.fileKind}`);

/** The generations whose nodes can carry a ring: the current and the previous one of either side. */
export function ringGens(a: WorldView, b: WorldView): ReadonlySet<number> {
  return new Set([a.gen, a.gen - 1, b.gen, b.gen - 1].filter((g) => g >= 0));
}

/**
 * Whether the node of entity `e` differs between A's view and B's (symmetric). Asked only for
 * the nodes a graph draws (a big graph draws tens near its view), so a seek never scans every
 * session and file of the run.
 */
export function nodeDiffers(e: Entity, a: WorldView, b: WorldView, gens: ReadonlySet<number> = ringGens(a, b)): boolean {
  if (e.type === 'fd') return a.gen === b.gen && e.gen === a.gen && fdSig(a.fds[e.key.fd!]) !== fdSig(b.fds[e.key.fd!]);
  if (e.type === 'handover' || !gens.has(e.gen)) return false;
  const ga = genOf(a, e.gen);
  const gb = genOf(b, e.gen);
  if (!ga && !gb) return false;
  switch (e.type) {
    case 'session':
      return sessionSig(ga?.sessions[e.key.sid!]) !== sessionSig(gb?.sessions[e.key.sid!]);
    case 'entry': {
      const fa = ga?.sessions[e.key.sid!]?.files[e.key.token!];
      const fb = gb?.sessions[e.key.sid!]?.files[e.key.token!];
      return `${fa?.handler}|${fa?.state}|${fa?.error}` !== `${fb?.handler}|${fb?.state}|${fb?.error}`;
    }
    case 'flb':
      return flbSig(ga?.flbs[e.key.compatible!]) !== flbSig(gb?.flbs[e.key.compatible!]);
    case 'handler':
      return handlerSig(ga?.handlers[e.key.compatible!]) !== handlerSig(gb?.handlers[e.key.compatible!]);
  }
}

// Which graph nodes differ between A and B at the cursor: the same entity (same generation,
// session id, token, compatible or fd: the graph's ids) with other state, or present on one
// side only. Read off the two views, so it covers nodes that are culled out of view too. The
// current and the previous generation are compared (older lanes no longer change).
import type { FdTarget } from '../../engine/events';
import type { FlbView, HandlerView, SessionView, WorldView } from '../../engine/view';
import { ids } from '../graph/structure';

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

function keys<T>(a: Record<string | number, T> | undefined, b: Record<string | number, T> | undefined): string[] {
  return [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
}

export function differingNodes(a: WorldView, b: WorldView): Set<string> {
  const out = new Set<string>();
  const gens = new Set([a.gen, a.gen - 1, b.gen, b.gen - 1].filter((g) => g >= 0));
  for (const g of gens) {
    const ga = genOf(a, g);
    const gb = genOf(b, g);
    if (!ga && !gb) continue;
    for (const k of keys(ga?.sessions, gb?.sessions)) {
      const sa = ga?.sessions[Number(k)];
      const sb = gb?.sessions[Number(k)];
      if (sessionSig(sa) !== sessionSig(sb)) out.add(ids.session(g, Number(k)));
      for (const t of keys(sa?.files, sb?.files)) {
        const fa = sa?.files[t];
        const fb = sb?.files[t];
        if (`${fa?.handler}|${fa?.state}|${fa?.error}` !== `${fb?.handler}|${fb?.state}|${fb?.error}`) out.add(ids.entry(g, Number(k), t));
      }
    }
    for (const c of keys(ga?.flbs, gb?.flbs)) if (flbSig(ga?.flbs[c]) !== flbSig(gb?.flbs[c])) out.add(ids.flb(g, c));
    for (const c of keys(ga?.handlers, gb?.handlers)) if (handlerSig(ga?.handlers[c]) !== handlerSig(gb?.handlers[c])) out.add(ids.handler(g, c));
  }
  if (a.gen === b.gen) for (const fd of keys(a.fds, b.fds)) if (fdSig(a.fds[Number(fd)]) !== fdSig(b.fds[Number(fd)])) out.add(ids.fd(a.gen, Number(fd)));
  return out;
}

// The builder's actions that concern one node of the graph: what the inspector offers as
// buttons ("add this step at the cursor"). The actions come from possibleActions, so the
// inspector offers exactly what the builder does (and only the calls the kernel has).
import type { WorldView } from '../engine/view';
import type { NodeRef } from '../ui/graph/structure';
import type { Action } from './actions';
import type { Binding } from './bindings';

/** The part of an action's key before its first ":" (the op), and the fields after it. */
function split(key: string): [string, string[]] {
  const [op, ...rest] = key.split(':');
  return [op!, rest];
}

export function actionsForNode(actions: readonly Action[], ref: NodeRef, bindings: readonly Binding[], view: WorldView): Action[] {
  // only the current kernel's objects can be acted on
  if (ref.gen !== view.gen) return [];
  const names = (pred: (b: Binding) => boolean) => new Set(bindings.filter(pred).map((b) => b.name));
  const keep = (pred: (op: string, f: string[]) => boolean) => actions.filter((a) => pred(...split(a.key)));
  switch (ref.type) {
    case 'fd': {
      const mine = names((b) => b.fd === ref.fd);
      // the fd's own calls (first field), and preserving it (a file: the second field of preserve_fd)
      return keep((op, f) => (f[0] !== undefined && mine.has(f[0]) && op !== 'inject') || (op === 'preserve_fd' && mine.has(f[1]!)));
    }
    case 'session': {
      const s = view.sessions[ref.sid];
      if (!s) return [];
      const mine = names((b) => b.target.kind === 'session' && b.target.sid === ref.sid);
      return keep((op, f) => (['preserve_fd', 'retrieve_fd', 'finish', 'get_name', 'close', 'dup'].includes(op) && mine.has(f[0]!)) || (op === 'retrieve_session' && f[1] === s.name));
    }
    case 'entry': {
      const mine = names((b) => b.target.kind === 'session' && b.target.sid === ref.sid);
      return keep((op, f) => (op === 'retrieve_fd' && mine.has(f[0]!) && f[1] === ref.token) || (op === 'finish' && mine.has(f[0]!)));
    }
    case 'handler': {
      const h = view.handlers[ref.compatible];
      if (!h) return [];
      return keep((op, f) => (op === 'unregister_module' && f[0] === h.module) || (op === 'inject' && f[0] === ref.compatible));
    }
    case 'flb':
      return keep((op, f) => (op.startsWith('flb_') || op === 'inject') && f[0] === ref.compatible);
    case 'handover':
      return [];
  }
}

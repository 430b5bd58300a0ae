// Which calls a kernel has: one list, read by the inspector, the builder and the explorer, so
// nothing offers GET_NAME to 7.1 or flb_put_outgoing to a kernel without the refcount.
import type { StepOp } from '../scenario/types';
import type { Profile } from './profiles';

/** Does this kernel have the call a step op makes? (Without it the engine answers EINVAL or ENOSYS.) */
export function kernelHas(p: Profile, op: StepOp): boolean {
  switch (op) {
    case 'get_name':
      return p.getName; // LIVEUPDATE_SESSION_GET_NAME, since 7.2
    case 'flb_get_incoming':
    case 'flb_get_outgoing':
      return p.flb; // luo_flb.c, since 7.0
    case 'flb_put_incoming':
      return p.flbIncomingRefcount || p.lockApiV6; // liveupdate_flb_put_incoming() since 7.2, or _incoming_unlock
    case 'flb_put_outgoing':
      return p.flbOutgoingRefcount || p.lockApiV6; // liveupdate_flb_put_outgoing() since 7.2 (patch before), or _outgoing_unlock
    default:
      return true;
  }
}

/** The kernel function an FLB op calls on this kernel (the Nov 2025 lock API names its own). */
export function flbApiName(p: Profile, op: 'flb_get_incoming' | 'flb_put_incoming' | 'flb_get_outgoing' | 'flb_put_outgoing'): string {
  if (p.lockApiV6) return { flb_get_incoming: 'liveupdate_flb_incoming_locked()', flb_put_incoming: 'liveupdate_flb_incoming_unlock()', flb_get_outgoing: 'liveupdate_flb_outgoing_locked()', flb_put_outgoing: 'liveupdate_flb_outgoing_unlock()' }[op];
  return `liveupdate_${op}()`;
}

/** The FLB ops this kernel has, in a fixed order. */
export function flbOps(p: Profile): ('flb_get_incoming' | 'flb_put_incoming' | 'flb_get_outgoing' | 'flb_put_outgoing')[] {
  return (['flb_get_incoming', 'flb_put_incoming', 'flb_get_outgoing', 'flb_put_outgoing'] as const).filter((op) => kernelHas(p, op));
}

// What the explorer remembers beyond the kernel: the in-kernel FLB callers it models and what
// each preserved file held when the kexec began. Part of a state (hashed with it); immutable:
// a step that changes nothing here keeps the same object.

export interface Ghost {
  /**
   * The names that own an open fd (name → fd): bound by the step that opened it, dropped when it
   * is closed. A scenario name stays bound to its fd number after close, and a later open may
   * reuse the number; the explorer uses a name only while it owns its fd, so such stale bindings
   * never matter and are not part of the state.
   */
  fds: ReadonlyMap<string, number>;
  /** in-kernel callers holding an FLB's outgoing object: flb_get_outgoing returned it, its put not done yet */
  outHeld: ReadonlyMap<string, number>;
  /** the same for flb_get_incoming */
  inHeld: ReadonlyMap<string, number>;
  /** what each file carried across the last kexec held then, by "session name/token" */
  expect: ReadonlyMap<string, string>;
  /** a session was retrieved in this kernel */
  retrieved: boolean;
}

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

export const EMPTY_GHOST: Ghost = { fds: NONE, outHeld: NONE, inHeld: NONE, expect: NONE, retrieved: false };

export function held(m: ReadonlyMap<string, number>, flb: string): number {
  return m.get(flb) ?? 0;
}

/** The map with `flb` moved by `d` (entries at 0 are dropped, so equal states compare equal). */
export function bump(m: ReadonlyMap<string, number>, flb: string, d: number): ReadonlyMap<string, number> {
  const n = held(m, flb) + d;
  const out = new Map(m);
  if (n > 0) out.set(flb, n);
  else out.delete(flb);
  return out;
}

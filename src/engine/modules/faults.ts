// Fault injection (SPEC §2 "inject"): the next matching callback fails once.
import { emit, type Fault, type Kernel } from '../kernel';

export interface CallSite {
  session?: string;
  token?: bigint;
}

/** Consume the first armed fault for this callback, if any. */
export function takeFault(k: Kernel, target: string, callback: string, site: CallSite): Fault | null {
  const i = k.faults.findIndex(
    (f) =>
      f.target === target &&
      f.callback === callback &&
      (f.session === undefined || f.session === site.session) &&
      (f.token === undefined || f.token === site.token),
  );
  if (i < 0) return null;
  const [f] = k.faults.splice(i, 1);
  emit(k, { type: 'fault', target, callback, action: 'fired' });
  return f!;
}

export function armFault(k: Kernel, f: Fault): void {
  k.faults.push(f);
  emit(k, { type: 'fault', target: f.target, callback: f.callback, action: 'armed' });
}

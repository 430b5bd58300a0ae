// Calling a handler's or an FLB's callback: the one place callbacks are emitted, faults are
// consumed, and "no callback on an unregistered handler" is watched.
import type { OptionalHandlerOp } from '../scenario/types';
import type { Errno, Result } from './errno';
import type { TokenOut } from './events';
import { emit, type FileObj, type Flb, type Handler, type Kernel } from './kernel';
import { takeFault } from './modules/faults';
import { flbIntHook, flbVoidHook, handlerBoolHook, handlerIntHook, handlerVoidHook } from './modules/hooks';

export interface Site {
  session?: string;
  token?: bigint;
  tokenOut?: TokenOut;
  /** the file being preserved (PRESERVE_FD): module hooks read the device behind it */
  file?: FileObj;
}

function site(k: Kernel, s: Site) {
  return { session: s.session, token: s.tokenOut };
}

function watchRegistered(k: Kernel, h: Handler, callback: string): void {
  if (!h.registered)
    k.pendingViolations.push({
      rule: 'no-callback-on-unregistered-handler',
      message: `${callback}() ran on handler ${h.compatible}, which is no longer registered`,
    });
}

/** An int-returning handler callback (preserve, freeze, retrieve). Absent optional ones are skipped (null). */
export function handlerInt(k: Kernel, h: Handler, callback: 'preserve' | 'freeze' | 'retrieve', s: Site, natural: Result = 'ok'): Result | null {
  const fault = takeFault(k, h.compatible, callback, s);
  if (callback === 'freeze' && !h.ops.has('freeze') && !fault) return null;
  const hook = fault || natural !== 'ok' ? {} : handlerIntHook(k, h, callback, s); // the module's own model (modules/hooks.ts)
  const result: Result = fault?.errno ?? hook.result ?? natural;
  watchRegistered(k, h, callback);
  emit(k, { type: 'callback', owner: 'handler', compatible: h.compatible, callback, ...site(k, s), result, ...(fault ? { injected: true } : {}) });
  hook.after?.();
  return result;
}

/** A bool-returning handler callback (can_preserve, can_finish). Absent can_finish: null. */
export function handlerBool(k: Kernel, h: Handler, callback: 'can_preserve' | 'can_finish', s: Site, natural: boolean): boolean | null {
  const fault = takeFault(k, h.compatible, callback, s);
  if (callback === 'can_finish' && !h.ops.has('can_finish') && !fault) return null;
  const result = fault ? (fault.result ?? false) : natural && handlerBoolHook(k, h, callback, s);
  watchRegistered(k, h, callback);
  emit(k, { type: 'callback', owner: 'handler', compatible: h.compatible, callback, ...site(k, s), result, ...(fault ? { injected: true } : {}) });
  return result;
}

/** A void handler callback (unpreserve, unfreeze, finish). Absent optional ones are skipped. */
export function handlerVoid(k: Kernel, h: Handler, callback: 'unpreserve' | 'unfreeze' | 'finish', s: Site): void {
  if (callback === 'unfreeze' && !h.ops.has('unfreeze')) return;
  watchRegistered(k, h, callback);
  emit(k, { type: 'callback', owner: 'handler', compatible: h.compatible, callback, ...site(k, s) });
  handlerVoidHook(k, h, callback, s);
}

/** get_id() (7.1+): the identity used by the double-preservation check. */
export function handlerGetId(k: Kernel, h: Handler, s: Site, id: string): string | null {
  if (!h.ops.has('get_id' as OptionalHandlerOp)) return null;
  watchRegistered(k, h, 'get_id');
  emit(k, { type: 'callback', owner: 'handler', compatible: h.compatible, callback: 'get_id', ...site(k, s), result: 'ok' });
  return id;
}

/** An FLB callback; preserve and retrieve can fail. */
export function flbCall(k: Kernel, flb: Flb, callback: 'preserve' | 'unpreserve' | 'retrieve' | 'finish', s: Site): Result {
  const fault = callback === 'preserve' || callback === 'retrieve' ? takeFault(k, flb.compatible, callback, s) : null;
  const withResult = callback === 'preserve' || callback === 'retrieve';
  const hook = withResult && !fault ? flbIntHook(k, flb, callback as 'preserve' | 'retrieve') : {};
  const result: Errno | 'ok' = fault?.errno ?? (hook.result as Errno | 'ok' | undefined) ?? 'ok';
  emit(k, {
    type: 'callback',
    owner: 'flb',
    compatible: flb.compatible,
    callback,
    ...site(k, s),
    ...(withResult ? { result } : {}),
    ...(fault ? { injected: true } : {}),
  });
  hook.after?.();
  if (!withResult) flbVoidHook(k, flb, callback as 'unpreserve' | 'finish');
  return result;
}

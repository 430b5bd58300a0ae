// File handlers and the modules that register them (liveupdate_register_file_handler() in
// luo_file.c, module init/exit, and the CONFIG_LIVEUPDATE_TEST hook of lib/tests/liveupdate.c).
import type { Result } from './errno';
import { emit, sessionsExist, type Flb, type Handler, type Kernel, type LoadedModule } from './kernel';
import { resolveModule, TEST_FLBS } from './modules/catalog';
import { getIncoming, newFlb, putIncomingApi, registerFlb, unregisterFlb } from './flb';
import { adaptModule, moduleLoaded, moduleUnavailable } from './modules/hooks';

/** The handler layer's state in a kernel that has just booted: no handler, no module yet. */
export function handlerState(): Pick<Kernel, 'handlers' | 'modules' | 'testHook'> {
  return { handlers: [], modules: new Map(), testHook: { active: false, firstUseDone: false } };
}

export function findHandler(k: Kernel, compatible: string): Handler | undefined {
  return k.handlers.find((h) => h.compatible === compatible);
}

/** The FLB object for a compatible, created on first reference by a loaded module. */
function flbObject(k: Kernel, compatible: string, module: string): Flb {
  let flb = k.flbs.get(compatible);
  if (!flb) {
    flb = newFlb(compatible, module);
    k.flbs.set(compatible, flb);
  }
  return flb;
}

/** liveupdate_register_file_handler(): checks in kernel order (notes §4.2). */
export function registerHandler(k: Kernel, h: Handler): Result {
  const done = (result: Result) => {
    emit(k, { type: 'handler_register', compatible: h.compatible, module: h.module, accepts: h.accepts, result });
    return result;
  };
  if (!k.enabled) return done('EOPNOTSUPP');
  if (k.profile.quiesceOnRegister && sessionsExist(k)) return done('EBUSY');
  if (findHandler(k, h.compatible)) return done('EEXIST');
  if (!k.profile.pinPerFile) h.pins++; // 6.19/7.0: try_module_get() for the handler's lifetime
  h.registered = true;
  k.handlers.push(h);
  done('ok');
  if (k.testHook.active && k.profile.flb) testRegister(k, h);
  return 'ok';
}

/** liveupdate_test_register(fh): link the three test FLBs, expect EEXIST on a second link. */
function testRegister(k: Kernel, h: Handler): void {
  const flbs = TEST_FLBS.map((c) => flbObject(k, c, 'test-flbs'));
  for (const flb of flbs) registerFlb(k, h, flb);
  registerFlb(k, h, flbs[0]!); // the test expects -EEXIST here
  if (k.testHook.firstUseDone) return;
  k.testHook.firstUseDone = true;
  // On first use it asks for data from the previous kernel; ENODATA/ENOENT mean "none".
  for (const flb of flbs) {
    const r = getIncoming(k, flb);
    // latest's get_incoming takes a reference; we model the test dropping it at once
    if (r === 'ok' && k.profile.flbIncomingRefcount) putIncomingApi(k, flb);
  }
}

/** liveupdate_unregister_file_handler(): int with EBUSY (6.19/7.0), void (7.1+). */
export function unregisterHandler(k: Kernel, h: Handler): Result {
  const int = k.profile.unregisterReturnsInt;
  const done = (result: Result) => {
    emit(k, { type: 'handler_unregister', compatible: h.compatible, result });
    return result;
  };
  if (!k.enabled) return done(int ? 'EOPNOTSUPP' : 'ok');
  if (int && sessionsExist(k)) return done('EBUSY');
  // 7.1+: luo_flb_unregister_all(); 7.0: the module unlinks its FLBs itself first
  for (const flb of [...h.flbs].reverse()) unregisterFlb(k, h, flb);
  if (!k.profile.pinPerFile && h.pins > 0) h.pins--;
  h.registered = false;
  k.handlers = k.handlers.filter((x) => x !== h);
  return done('ok');
}

/** Module init: register its handlers, then link its FLBs to each (SPEC §1.2 order). */
export function loadModule(k: Kernel, ref: string): Result {
  const resolved = resolveModule(ref, k.custom);
  const id = ref.split('@')[0]!;
  const missing = resolved ? moduleUnavailable(k, resolved) : null; // modules/hooks.ts: a call this kernel lacks
  if (missing) emit(k, { type: 'warn', message: missing });
  if (!resolved || missing) {
    emit(k, { type: 'module', action: 'load', module: ref, result: 'ENOENT' });
    return 'ENOENT';
  }
  const def = adaptModule(k, resolved);
  if (k.modules.has(def.id)) {
    emit(k, { type: 'module', action: 'load', module: ref, result: 'EEXIST' });
    return 'EEXIST';
  }
  const mod: LoadedModule = { ref, id, handlers: [], flbs: [], testFlbs: !!def.testFlbs };
  k.modules.set(def.id, mod);
  emit(k, { type: 'module', action: 'load', module: ref, result: 'ok' });
  let first: Result = 'ok';
  const keep = (r: Result) => {
    if (first === 'ok' && r !== 'ok') first = r;
  };
  if (def.testFlbs) {
    k.testHook.active = true;
    if (k.profile.flb) for (const h of [...k.handlers]) testRegister(k, h);
  }
  for (const hd of def.handlers) {
    const h: Handler = { compatible: hd.compatible, module: def.id, accepts: hd.accepts, ops: new Set(hd.ops), flbs: [], registered: false, pins: 0, checksHandle: hd.checksHandle === true, sizeAtPreserve: hd.sizeAtPreserve === true };
    const r = registerHandler(k, h);
    keep(r);
    if (r !== 'ok') {
      // module init fails: it unwinds what it registered and is not loaded
      for (const done of [...mod.handlers].reverse()) unregisterHandler(k, done);
      k.modules.delete(def.id);
      if (def.testFlbs) k.testHook.active = false;
      emit(k, { type: 'module', action: 'unload', module: ref, result: r, initFailed: true });
      return r;
    }
    mod.handlers.push(h);
    if (!k.profile.flb) {
      if (hd.flbs.length) emit(k, { type: 'warn', message: `${k.profile.id} has no FLB support: ${hd.flbs.join(', ')} not registered` });
      continue;
    }
    for (const c of hd.flbs) {
      if (!k.flbs.has(c)) mod.flbs.push(c);
      keep(registerFlb(k, h, flbObject(k, c, def.id)));
    }
  }
  moduleLoaded(k, def, mod);
  return first;
}

/** Module exit: unregister what it registered (the module calls the unregister functions). */
export function unloadModule(k: Kernel, ref: string): Result {
  const id = ref.split('@')[0]!;
  const mod = k.modules.get(id);
  if (!mod) {
    emit(k, { type: 'module', action: 'unload', module: ref, result: 'ENOENT' });
    return 'ENOENT';
  }
  let first: Result = 'ok';
  for (const h of [...mod.handlers].reverse()) {
    const r = unregisterHandler(k, h);
    if (r !== 'ok' && first === 'ok') first = r;
  }
  if (mod.testFlbs) {
    k.testHook.active = false;
    for (const h of k.handlers)
      for (const flb of [...h.flbs].reverse()) if (flb.module === 'test-flbs') unregisterFlb(k, h, flb);
  }
  if (first === 'ok') k.modules.delete(id);
  emit(k, { type: 'module', action: 'unload', module: ref, result: first });
  return first;
}

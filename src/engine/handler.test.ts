import { describe, expect, it } from 'vitest';
import type { CustomModule, ProfileId } from '../scenario/types';
import { PROFILES, run, ok, openDev, create, retrieveS, file, preserve, finish, close, kexec } from './test-kit';
import type { X, StepOf } from './test-kit';

// Notes §4.1–4.2 (handler registration checks in order; unregister int vs void), §1.1
// (EOPNOTSUPP when disabled), §2.6 item 5 (registration order = can_preserve order), §3.3 item 1.

const QUIESCE = (p: ProfileId) => p === '6.19' || p === '7.0';
const C1: CustomModule = { id: 'c1', handler: 'c1-v1', accepts: ['regular'] };
const C2: CustomModule = { id: 'c2', handler: 'c2-v1', accepts: ['regular'] };
const C3: CustomModule = { id: 'c3', handler: 'c3-v1', accepts: ['regular'] };
/** A second module registering the compatible memfd already uses. */
const DUP: CustomModule = { id: 'dup', handler: 'memfd-v1', accepts: ['regular'] };
const reg = (module: string, x: X = {}): StepOf<'register_module'> => ({ op: 'register_module', module, ...x });
const unreg = (module: string, x: X = {}): StepOf<'unregister_module'> => ({ op: 'unregister_module', module, ...x });

describe('liveupdate_register_file_handler (notes §4.2)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('LUO disabled: EOPNOTSUPP', () => {
        const x = run([reg('c1', { expect: 'EOPNOTSUPP', note: 'reg' })], { profile, liveupdate: false, custom: [C1] });
        ok(x);
        const evs = x.r.events.flatMap((e) => (e.type === 'handler_register' ? [`${e.compatible}:${e.result}`] : []));
        expect(evs).toEqual(['memfd-v1:EOPNOTSUPP', 'c1-v1:EOPNOTSUPP']);
      });

      it('duplicate compatible: EEXIST', () => {
        ok(run([reg('dup', { expect: 'EEXIST' })], { profile, custom: [DUP] }));
      });

      const q = QUIESCE(profile);
      it(q ? 'EBUSY while an outgoing session exists, checked before EEXIST; fine again once it is gone' : 'no EBUSY while sessions exist (no quiesce); EEXIST still applies', () => {
        const x = run(
          [openDev(), create('a', 's'), reg('c1', { expect: q ? 'EBUSY' : 'ok' }), reg('dup', { expect: q ? 'EBUSY' : 'EEXIST' }), close('s'), reg('c2'), reg('c3')],
          { profile, custom: [C1, C2, C3, DUP] },
        );
        ok(x);
      });

      it(q ? 'incoming sessions count once deserialized (first open), not before' : 'incoming sessions do not block registration', () => {
        const x = run(
          [openDev(), create('a', 's'), kexec(), reg('c1'), openDev(), reg('c2', { expect: q ? 'EBUSY' : 'ok' }), retrieveS('a', 's'), finish('s'), close('s'), reg('c3')],
          { profile, custom: [C1, C2, C3] },
        );
        ok(x);
      });

      it('registration order is the can_preserve order; a re-registered handler goes to the end', () => {
        const x = run(
          [
            openDev(),
            create('s', 's'),
            file('f', 'regular'),
            file('g', 'regular'),
            preserve('s', 'f', 1, { note: 'before' }),
            close('s'),
            unreg('c1'),
            reg('c1'),
            create('t', 't'),
            preserve('t', 'g', 1, { note: 'after' }),
          ],
          { profile, modules: ['c1', 'c2'], custom: [C1, C2] },
        );
        ok(x);
        expect(x.cbs('before')).toEqual(['handler:c1-v1:can_preserve', 'handler:c1-v1:preserve']);
        expect(x.cbs('after')).toEqual(['handler:c2-v1:can_preserve', 'handler:c2-v1:preserve']);
      });
    });
  }
});

describe('liveupdate_unregister_file_handler (notes §4.2: int on 6.19/7.0, void on 7.1+)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      const q = QUIESCE(profile);
      it(q ? 'EBUSY while a session exists; the handler stays registered' : 'void: succeeds while a session exists; the handler is gone', () => {
        const x = run(
          [openDev(), create('a', 's'), unreg('memfd', { expect: q ? 'EBUSY' : 'ok', note: 'unreg' }), file('m'), preserve('s', 'm', 1, { expect: q ? 'ok' : 'ENOENT' })],
          { profile },
        );
        ok(x);
        const evs = x.events('unreg').flatMap((e) => (e.type === 'handler_unregister' ? [e.result] : []));
        expect(evs).toEqual([q ? 'EBUSY' : 'ok']);
      });

      it('without sessions: unregister succeeds and files of that kind find no handler (ENOENT)', () => {
        const x = run([unreg('memfd'), openDev(), create('a', 's'), file('m'), preserve('s', 'm', 1, { expect: 'ENOENT' })], { profile });
        ok(x);
      });
    });
  }

  for (const profile of ['7.0', '7.1', 'latest', '7.2', '7.3'] as const) {
    it(`${profile}: unregistering a handler unlinks its FLBs; a shared FLB stays registered for the other handler`, () => {
      const x = run([unreg('hugetlb', { note: 'unreg' }), openDev(), create('a', 's'), file('g', 'guest-memfd'), preserve('s', 'g', 1, { note: 'p' })], { profile, modules: ['hugetlb', 'guest-memfd'] });
      ok(x);
      const evs = x.events('unreg').flatMap((e) => (e.type === 'flb_unregister' ? [`${e.compatible}:${e.handler}:${e.result}:${e.users}`] : []));
      expect(evs).toEqual(['hugetlb-v1:hugetlb-memfd-v1:ok:1']);
      expect(x.cbs('p')).toContain('flb:hugetlb-v1:preserve');
    });
  }
});

import { describe, expect, it } from 'vitest';
import type { CustomModule, Step } from '../scenario/types';
import { PROFILES, run, ok, openDev, create, retrieveS, file, preserve, retrieveF, finish, close, kexec, inject } from './test-kit';

// Notes §2.4 (CREATE_SESSION), §2.5 (RETRIEVE_SESSION), §2.6 (PRESERVE_FD check order),
// §2.8 (FINISH), §3 (session lifecycle, serialization, limits), §8.

const PRE_LATEST = ['6.19', '7.0', '7.1'] as const;
/** A handler with freeze and unfreeze, for serialization order and rollback. */
const CF: CustomModule = { id: 'cf', handler: 'cf-v1', accepts: ['regular'], ops: ['freeze', 'unfreeze'] };

describe('CREATE_SESSION (notes §2.4)', () => {
  it('latest: empty name and a name without NUL in 64 bytes are EINVAL, before the duplicate check', () => {
    const x = run([
      openDev(),
      create('', 's', { expect: 'EINVAL' }),
      create('', 's', { expect: 'EINVAL' }),
      create('n'.repeat(64), 's', { expect: 'EINVAL' }),
      create('n'.repeat(63), 's'),
      create('n'.repeat(64), 's2', { expect: 'EINVAL' }),
    ]);
    ok(x);
  });

  for (const profile of PRE_LATEST) {
    it(`${profile}: no name check — "" is a name; a 64-byte name is truncated to 63 bytes`, () => {
      const x = run(
        [
          openDev(),
          create('', 'e'),
          create('', 'e2', { expect: 'EEXIST' }),
          create('n'.repeat(64), 'l'),
          create('n'.repeat(63), 'l2', { expect: 'EEXIST' }), // the stored name is the 63-byte prefix
          kexec(),
          openDev(),
          retrieveS('n'.repeat(63), 'l'),
          retrieveS('', 'e'),
        ],
        { profile },
      );
      ok(x);
    });
  }

  for (const profile of PROFILES) {
    it(`${profile}: duplicate outgoing name is EEXIST; the name is free again once that session is closed`, () => {
      const x = run([openDev(), create('a', 's'), create('a', 's2', { expect: 'EEXIST' }), close('s'), create('a', 's3')], { profile });
      ok(x);
    });

    it(`${profile}: names of incoming sessions are not checked — an outgoing session may reuse one`, () => {
      const x = run(
        [openDev(), create('a', 's'), kexec(), openDev(), create('a', 'o'), retrieveS('a', 'i'), create('a', 'o2', { expect: 'EEXIST' })],
        { profile },
      );
      ok(x);
    });
  }

  const sessions = (n: number): Step[] => Array.from({ length: n }, (_, i) => create(`s${i}`, `fd${i}`));

  for (const profile of PRE_LATEST) {
    it(`${profile}: LUO_SESSION_MAX = 819 — the 820th is ENOMEM, and the limit is checked before the duplicate name`, () => {
      const x = run(
        [
          openDev(),
          ...sessions(819),
          create('new', 'n', { expect: 'ENOMEM' }),
          create('s0', 'n', { expect: 'ENOMEM' }), // not EEXIST
          close('fd5'),
          create('new', 'n'),
          create('s1', 'n2', { expect: 'ENOMEM' }), // full again: the limit still comes first
          close('fd6'),
          create('s1', 'n2', { expect: 'EEXIST' }),
        ],
        { profile },
      );
      ok(x);
    });
  }

  for (const profile of PRE_LATEST) {
    it(`${profile}: the 819 limit counts outgoing sessions only (incoming ones are not counted)`, () => {
      const x = run([openDev(), ...sessions(819), kexec(), openDev(), ...sessions(819), create('one-more', 'n', { expect: 'ENOMEM' }), retrieveS('s0', 'i')], { profile });
      ok(x);
    });
  }

  it('latest: no fixed session limit (820 sessions)', () => {
    const x = run([openDev(), ...sessions(820), create('s0', 'n', { expect: 'EEXIST' })]);
    ok(x);
  });
});

describe('RETRIEVE_SESSION (notes §2.5, §3.3)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('ENOENT on a cold boot; the outgoing list is not searched', () => {
        ok(run([openDev(), retrieveS('a', 'x', { expect: 'ENOENT' }), create('a', 's'), retrieveS('a', 'x', { expect: 'ENOENT' })], { profile }));
      });

      it('second retrieve is EINVAL (fd open, and after FINISH); after a successful close it is gone (ENOENT)', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            create('b', 's2'),
            kexec(),
            openDev(),
            retrieveS('zzz', 'x', { expect: 'ENOENT' }),
            retrieveS('', 'x', { expect: 'ENOENT' }),
            retrieveS('a', 's'),
            retrieveS('a', 'x', { expect: 'EINVAL' }),
            finish('s'),
            retrieveS('a', 'x', { expect: 'EINVAL' }),
            close('s'),
            retrieveS('a', 'x', { expect: 'ENOENT' }),
            retrieveS('b', 's2'),
          ],
          { profile },
        );
        ok(x);
      });

      it('close with a failing can_finish: close succeeds, the session is held (EINVAL forever) and not handed over again', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            file('m'),
            preserve('s', 'm', 1),
            kexec(),
            openDev(),
            retrieveS('a', 's'),
            inject('memfd-v1', 'can_finish', { result: false }),
            close('s', { note: 'close' }),
            retrieveS('a', 'x', { expect: 'EINVAL' }),
            kexec(),
            openDev(),
            retrieveS('a', 'x', { expect: 'ENOENT' }),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('close')).toEqual(['handler:memfd-v1:can_finish']);
        expect(x.events('close').some((e) => e.type === 'session_held')).toBe(true);
      });
    });
  }
});

describe('PRESERVE_FD check order (notes §2.6)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('token (EEXIST) → fget (EBADF) → handler (ENOENT); tokens are per session', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            file('m1'),
            preserve('s', 'm1', 1),
            file('dn', 'devnull'),
            file('reg', 'regular'),
            file('dead'),
            close('dead'),
            preserve('s', 'dead', 1, { expect: 'EEXIST' }),
            preserve('s', 'dn', 1, { expect: 'EEXIST' }),
            preserve('s', 'dead', 2, { expect: 'EBADF' }),
            preserve('s', 'dn', 2, { expect: 'ENOENT' }),
            preserve('s', 'reg', 2, { expect: 'ENOENT' }),
            preserve('s', 'luo', 2, { expect: 'ENOENT' }),
            preserve('s', 's', 2, { expect: 'ENOENT' }),
            create('b', 's2'),
            file('m2'),
            preserve('s2', 'm2', 1),
          ],
          { profile },
        );
        ok(x);
      });

      it('any u64 token works, 0 and 2^64-1 included', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            file('m0', 'memfd', 'zero'),
            file('mx', 'memfd', 'max'),
            preserve('s', 'm0', 0),
            preserve('s', 'mx', '0xffffffffffffffff'),
            kexec(),
            openDev(),
            retrieveS('a', 's'),
            retrieveF('s', '0xffffffffffffffff', 'rx'),
            retrieveF('s', 0, 'r0'),
            { op: 'read', fd: 'r0', note: 'r0' },
            { op: 'read', fd: 'rx', note: 'rx' },
          ],
          { profile },
        );
        ok(x);
        expect(x.step('r0').data).toBe('zero');
        expect(x.step('rx').data).toBe('max');
      });
    });
  }

  const files = (n: number): Step[] => Array.from({ length: n }, (_, i) => file(`m${i}`));
  const preserves = (n: number): Step[] => Array.from({ length: n }, (_, i) => preserve('s', `m${i}`, i));

  for (const profile of PRE_LATEST) {
    it(`${profile}: LUO_FILE_MAX = 128 per session — ENOSPC, after the token check and before fget`, () => {
      const x = run(
        [
          openDev(),
          create('a', 's'),
          ...files(129),
          ...preserves(128),
          preserve('s', 'm128', 0, { expect: 'EEXIST' }),
          preserve('s', 'm128', 128, { expect: 'ENOSPC' }),
          file('dead'),
          close('dead'),
          preserve('s', 'dead', 500, { expect: 'ENOSPC' }), // not EBADF
          create('b', 's2'),
          preserve('s2', 'm128', 0), // the limit is per session
        ],
        { profile },
      );
      ok(x);
    });
  }

  it('latest: no 128-file limit', () => {
    const x = run([openDev(), create('a', 's'), ...files(130), ...preserves(130)]);
    ok(x);
  });
});

describe('FINISH (notes §2.8)', () => {
  for (const profile of PROFILES) {
    it(`${profile}: a second FINISH is ok; RETRIEVE_FD afterwards is ENOENT for retrieved and never-retrieved tokens; retrieved fds stay usable`, () => {
      const x = run(
        [
          openDev(),
          create('a', 's'),
          file('m1', 'memfd', 'one'),
          file('m2', 'memfd', 'two'),
          preserve('s', 'm1', 1),
          preserve('s', 'm2', 2),
          create('empty', 'e'),
          kexec(),
          openDev(),
          retrieveS('a', 's'),
          retrieveF('s', 1, 'r1'),
          finish('s'),
          finish('s', { note: 'second' }),
          retrieveF('s', 1, 'x', { expect: 'ENOENT' }),
          retrieveF('s', 2, 'x', { expect: 'ENOENT' }),
          { op: 'read', fd: 'r1', note: 'read' },
          retrieveS('empty', 'e'),
          finish('e'),
        ],
        { profile },
      );
      ok(x);
      expect(x.cbs('second')).toEqual([]);
      expect(x.step('read').data).toBe('one');
    });
  }
});

describe('what crosses a kexec (notes §3.2–3.4)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('a session closed before the kexec loses its files (unpreserve, last to first) and does not cross', () => {
        const x = run(
          [
            openDev(),
            create('gone', 's'),
            file('m1'),
            file('m2'),
            file('m3'),
            preserve('s', 'm1', 1),
            preserve('s', 'm2', 2),
            preserve('s', 'm3', 3),
            close('s', { note: 'close' }),
            kexec({ note: 'kexec' }),
            openDev(),
            retrieveS('gone', 'x', { expect: 'ENOENT' }),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('close', true)).toEqual([
          'handler:memfd-v1:unpreserve@gone/3',
          'handler:memfd-v1:unpreserve@gone/2',
          'handler:memfd-v1:unpreserve@gone/1',
        ]);
        expect(x.cbs('kexec')).toEqual([]);
      });

      it('only sessions with an open fd cross (a dup keeps it open; the device fd does not matter); empty sessions cross too', () => {
        const x = run(
          [
            openDev(),
            create('open', 'a'),
            create('closed', 'b'),
            create('dupped', 'c'),
            create('empty', 'd'),
            file('m1'),
            file('m2'),
            file('m3'),
            preserve('a', 'm1', 1),
            preserve('b', 'm2', 1),
            preserve('c', 'm3', 1),
            { op: 'dup', fd: 'c', as: 'c2' },
            close('c'),
            close('b'),
            close('luo'),
            kexec(),
            openDev(),
            retrieveS('open', 'a'),
            retrieveS('closed', 'b', { expect: 'ENOENT' }),
            retrieveS('dupped', 'c'),
            retrieveS('empty', 'd'),
            retrieveF('a', 1, 'r1'),
            retrieveF('c', 1, 'r3'),
            { op: 'read', fd: 'r3', note: 'read' },
          ],
          { profile },
        );
        ok(x);
        expect(x.step('read').data).toBe('data-m3');
      });

      it('incoming sessions (retrieved or not, finished or not) are not handed over again; new outgoing ones are', () => {
        const x = run(
          [
            openDev(),
            create('x', 's1'),
            create('y', 's2'),
            create('z', 's3'),
            file('m'),
            preserve('s2', 'm', 1),
            kexec(),
            openDev(),
            retrieveS('y', 's2'),
            retrieveS('z', 's3'),
            finish('s3'),
            create('next', 'n'),
            kexec({ note: 'second kexec' }),
            openDev(),
            retrieveS('x', 'q', { expect: 'ENOENT' }),
            retrieveS('y', 'q', { expect: 'ENOENT' }),
            retrieveS('z', 'q', { expect: 'ENOENT' }),
            retrieveS('next', 'q'),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('second kexec')).toEqual([]); // dropped, not finished
      });

      it('exit_agent closes every fd: outgoing sessions are unpreserved, nothing crosses', () => {
        const x = run(
          [openDev(), create('a', 's'), file('m'), preserve('s', 'm', 1), { op: 'exit_agent', note: 'exit' }, kexec(), openDev(), retrieveS('a', 'x', { expect: 'ENOENT' })],
          { profile },
        );
        ok(x);
        expect(x.cbs('exit')).toEqual(['handler:memfd-v1:unpreserve']);
      });

      it('exit_agent in the new kernel closes retrieved sessions: their files are finished', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            file('m1'),
            file('m2'),
            preserve('s', 'm1', 1),
            preserve('s', 'm2', 2),
            kexec(),
            openDev(),
            retrieveS('a', 's'),
            { op: 'exit_agent', note: 'exit' },
            openDev(),
            retrieveS('a', 'x', { expect: 'ENOENT' }),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('exit', true)).toEqual(['handler:memfd-v1:finish@a/2', 'handler:memfd-v1:finish@a/1']);
      });
    });
  }
});

describe('serialization at reboot (notes §3.2 item 4, §4.3 item 3)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('freeze runs in session creation order, then file preservation order', () => {
        const x = run(
          [
            openDev(),
            create('B', 'b'),
            create('A', 'a'),
            file('m1'),
            file('m2'),
            file('m3'),
            preserve('a', 'm1', 10),
            preserve('b', 'm2', 20),
            preserve('b', 'm3', 5),
            kexec({ note: 'kexec' }),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('kexec', true)).toEqual(['handler:memfd-v1:freeze@B/20', 'handler:memfd-v1:freeze@B/5', 'handler:memfd-v1:freeze@A/10']);
      });

      it('freeze failure: earlier files of the session unfrozen forward, then earlier sessions in reverse; reboot gives freeze’s errno; nothing handed over; state kept', () => {
        const steps: Step[] = [openDev()];
        const layout: [string, number][] = [['A', 2], ['B', 2], ['C', 3], ['D', 1]];
        for (const [name, n] of layout) {
          steps.push(create(name, name));
          for (let t = 1; t <= n; t++) steps.push(file(`${name}${t}`, 'regular'), preserve(name, `${name}${t}`, t));
        }
        steps.push(
          inject('cf-v1', 'freeze', { errno: 'ENOMEM', session: 'C', token: 3 }),
          kexec({ expect: 'ENOMEM', note: 'failed kexec' }),
          file('E1', 'regular'),
          create('E', 'E'),
          preserve('E', 'E1', 1),
          kexec({ note: 'kexec' }),
          openDev(),
          ...['A', 'B', 'C', 'D', 'E'].map((n) => retrieveS(n, `in${n}`)),
        );
        const x = run(steps, { profile, modules: ['cf'], custom: [CF] });
        ok(x);
        expect(x.cbs('failed kexec', true)).toEqual([
          'handler:cf-v1:freeze@A/1',
          'handler:cf-v1:freeze@A/2',
          'handler:cf-v1:freeze@B/1',
          'handler:cf-v1:freeze@B/2',
          'handler:cf-v1:freeze@C/1',
          'handler:cf-v1:freeze@C/2',
          'handler:cf-v1:freeze@C/3',
          'handler:cf-v1:unfreeze@C/1',
          'handler:cf-v1:unfreeze@C/2',
          'handler:cf-v1:unfreeze@B/1',
          'handler:cf-v1:unfreeze@B/2',
          'handler:cf-v1:unfreeze@A/1',
          'handler:cf-v1:unfreeze@A/2',
        ]);
        const failed = x.events('failed kexec');
        expect(failed.some((e) => e.type === 'handover' || e.type === 'boot' || e.type === 'session_gone')).toBe(false);
        expect(failed.every((e) => e.gen === 0)).toBe(true);
        expect(x.cbs('kexec', true)).toEqual(
          ['A/1', 'A/2', 'B/1', 'B/2', 'C/1', 'C/2', 'C/3', 'D/1', 'E/1'].map((w) => `handler:cf-v1:freeze@${w}`),
        );
      });
    });
  }

  for (const profile of ['7.1', 'latest', '7.2', '7.3'] as const) {
    it(`${profile}: after a rolled-back freeze, the next kexec carries the files intact`, () => {
      const x = run(
        [
          openDev(),
          create('A', 'a'),
          file('f1', 'regular', 'one'),
          file('f2', 'regular', 'two'),
          preserve('a', 'f1', 1),
          preserve('a', 'f2', 2),
          inject('cf-v1', 'freeze', { errno: 'EIO', token: 2 }),
          kexec({ expect: 'EIO' }),
          kexec(),
          openDev(),
          retrieveS('A', 'a'),
          retrieveF('a', 1, 'r1'),
          retrieveF('a', 2, 'r2'),
          { op: 'read', fd: 'r2', note: 'read' },
        ],
        { profile, modules: ['cf'], custom: [CF] },
      );
      ok(x);
      expect(x.step('read').data).toBe('two');
    });
  }
});

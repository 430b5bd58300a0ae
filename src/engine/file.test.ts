import { describe, expect, it } from 'vitest';
import type { CustomModule, ProfileId, Step } from '../scenario/types';
import { PROFILES, since, run, ok, openDev, create, retrieveS, file, preserve, retrieveF, finish, close, kexec, inject } from './test-kit';

// Notes §2.6 (PRESERVE_FD), §2.7 (RETRIEVE_FD), §2.8 (FINISH), §4.3 (callback order for one
// file), §4.4 (one session per file), §6 (memfd: get_id is the inode, 7.1+).

const GET_ID = (p: ProfileId) => since(p, '7.1');
/** Custom handlers without FLBs. */
const A: CustomModule = { id: 'a', handler: 'a-v1', accepts: ['regular'] };
const B: CustomModule = { id: 'b', handler: 'b-v1', accepts: ['regular', 'memfd'] };
const CF: CustomModule = { id: 'cf', handler: 'cf-v1', accepts: ['regular'], ops: ['can_finish'] };
/** A handler without get_id (its file id is the struct file). */
const NOID: CustomModule = { id: 'noid', handler: 'noid-v1', accepts: ['regular'] };

describe('handler choice: can_preserve walk (notes §2.6 item 5, §4.3 item 1)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('asks handlers in registration order and stops at the first yes', () => {
        const x = run(
          [
            openDev(),
            create('s', 's'),
            file('mem'),
            file('reg', 'regular'),
            file('dn', 'devnull'),
            preserve('s', 'mem', 1, { note: 'memfd' }),
            preserve('s', 'reg', 2, { note: 'regular' }),
            preserve('s', 'dn', 3, { expect: 'ENOENT', note: 'devnull' }),
          ],
          { profile, modules: ['a', 'b', 'memfd'], custom: [A, B] },
        );
        ok(x);
        expect(x.cbs('memfd')).toEqual(['handler:a-v1:can_preserve', 'handler:b-v1:can_preserve', 'handler:b-v1:preserve']);
        expect(x.cbs('regular')).toEqual(['handler:a-v1:can_preserve', 'handler:a-v1:preserve']);
        expect(x.cbs('devnull')).toEqual(['handler:a-v1:can_preserve', 'handler:b-v1:can_preserve', 'handler:memfd-v1:can_preserve']);
      });

      it('a handler whose can_preserve says no is skipped', () => {
        const x = run(
          [openDev(), create('s', 's'), file('reg', 'regular'), inject('a-v1', 'can_preserve', { result: false }), preserve('s', 'reg', 1, { note: 'p' })],
          { profile, modules: ['a', 'b'], custom: [A, B] },
        );
        ok(x);
        expect(x.cbs('p')).toEqual(['handler:a-v1:can_preserve', 'handler:b-v1:can_preserve', 'handler:b-v1:preserve']);
      });
    });
  }
});

describe('preserve / unpreserve of one file (notes §4.3 items 1–2)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      const pre = GET_ID(profile) ? ['handler:memfd-v1:can_preserve', 'handler:memfd-v1:get_id'] : ['handler:memfd-v1:can_preserve'];

      it(`memfd: can_preserve${GET_ID(profile) ? ', get_id' : ''}, preserve`, () => {
        const x = run([openDev(), create('s', 's'), file('m'), preserve('s', 'm', 1, { note: 'p' })], { profile });
        ok(x);
        expect(x.cbs('p')).toEqual([...pre, 'handler:memfd-v1:preserve']);
      });

      it('a failing handler preserve returns its errno and leaves nothing behind (token and file reusable)', () => {
        const x = run(
          [
            openDev(),
            create('s', 's'),
            file('m'),
            inject('memfd-v1', 'preserve', { errno: 'ENOMEM' }),
            preserve('s', 'm', 1, { expect: 'ENOMEM', note: 'fail' }),
            preserve('s', 'm', 1, { note: 'retry' }),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('fail')).toEqual([...pre, 'handler:memfd-v1:preserve']);
        expect(x.cbs('retry')).toEqual([...pre, 'handler:memfd-v1:preserve']);
      });

      it('closing a session unpreserves its files from last to first; the memfds keep their data', () => {
        const x = run(
          [
            openDev(),
            create('s', 's'),
            file('m1', 'memfd', 'one'),
            file('m2'),
            file('m3'),
            preserve('s', 'm1', 1),
            preserve('s', 'm2', 2),
            preserve('s', 'm3', 3),
            close('s', { note: 'close' }),
            { op: 'read', fd: 'm1', note: 'read' },
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('close', true)).toEqual(['handler:memfd-v1:unpreserve@s/3', 'handler:memfd-v1:unpreserve@s/2', 'handler:memfd-v1:unpreserve@s/1']);
        expect(x.step('read').data).toBe('one');
      });

      it('memfd content written after PRESERVE_FD crosses (the same pages are preserved)', () => {
        const x = run(
          [openDev(), create('s', 's'), file('m', 'memfd', 'hello'), preserve('s', 'm', 1), { op: 'write', fd: 'm', data: 'HE' }, kexec(), openDev(), retrieveS('s', 's'), retrieveF('s', 1, 'r'), { op: 'read', fd: 'r', note: 'read' }],
          { profile },
        );
        ok(x);
        expect(x.step('read').data).toBe('HEllo');
      });

      it('LUO keeps its own reference: the memfd fd may be closed after PRESERVE_FD; the content crosses', () => {
        const x = run(
          [openDev(), create('s', 's'), file('m', 'memfd', 'hello kexec'), preserve('s', 'm', 26), close('m'), kexec(), openDev(), retrieveS('s', 's'), retrieveF('s', 26, 'r'), { op: 'read', fd: 'r', note: 'read' }],
          { profile },
        );
        ok(x);
        expect(x.step('read').data).toBe('hello kexec');
      });
    });
  }
});

describe('double preservation (notes §2.6 item 6, §4.4, §6: EBUSY on 7.1+, by get_id = inode for memfd)', () => {
  for (const profile of PROFILES) {
    const busy = GET_ID(profile) ? 'EBUSY' : 'ok';
    it(`${profile}: same memfd again, via a dup, in the same or another session → ${busy}`, () => {
      const x = run(
        [
          openDev(),
          create('s1', 's1'),
          create('s2', 's2'),
          file('m'),
          { op: 'dup', fd: 'm', as: 'md' },
          file('other'),
          preserve('s1', 'm', 1),
          preserve('s1', 'm', 2, { expect: busy }),
          preserve('s1', 'md', 3, { expect: busy, note: 'dup' }),
          preserve('s2', 'md', 1, { expect: busy }),
          preserve('s2', 'other', 4),
        ],
        { profile },
      );
      ok(x);
      if (GET_ID(profile)) expect(x.cbs('dup')).toEqual(['handler:memfd-v1:can_preserve', 'handler:memfd-v1:get_id']);
    });
  }

  for (const profile of ['7.1', 'latest', '7.2', '7.3'] as const) {
    it(`${profile}: the id is released when the owning session is closed, or when the preserve fails`, () => {
      const x = run(
        [
          openDev(),
          create('s1', 's1'),
          create('s2', 's2'),
          file('m'),
          preserve('s1', 'm', 1),
          close('s1'),
          preserve('s2', 'm', 1),
          create('s3', 's3'),
          file('n'),
          inject('memfd-v1', 'preserve', { errno: 'EIO' }),
          preserve('s3', 'n', 1, { expect: 'EIO' }),
          preserve('s3', 'n', 1),
        ],
        { profile },
      );
      ok(x);
    });

    it(`${profile}: a handler without get_id keys on the struct file: a dup collides, another file of the same kind does not`, () => {
      const x = run(
        [
          openDev(),
          create('s1', 's1'),
          create('s2', 's2'),
          file('f', 'regular'),
          { op: 'dup', fd: 'f', as: 'fd2' },
          file('g', 'regular'),
          preserve('s1', 'f', 1),
          preserve('s2', 'fd2', 1, { expect: 'EBUSY' }),
          preserve('s2', 'g', 1),
        ],
        { profile, modules: ['noid'], custom: [NOID] },
      );
      ok(x);
    });

    it(`${profile}: a retrieved memfd is in the xarray until FINISH (EBUSY), free afterwards`, () => {
      const x = run(
        [
          openDev(),
          create('a', 's'),
          file('m'),
          preserve('s', 'm', 1),
          kexec(),
          openDev(),
          retrieveS('a', 's'),
          retrieveF('s', 1, 'r'),
          create('next', 'o'),
          preserve('o', 'r', 1, { expect: 'EBUSY' }),
          finish('s'),
          preserve('o', 'r', 1),
        ],
        { profile },
      );
      ok(x);
    });
  }

  for (const profile of ['6.19', '7.0'] as const) {
    it(`${profile}: a retrieved memfd can be preserved again before FINISH (no xarray)`, () => {
      const x = run(
        [openDev(), create('a', 's'), file('m'), preserve('s', 'm', 1), kexec(), openDev(), retrieveS('a', 's'), retrieveF('s', 1, 'r'), create('next', 'o'), preserve('o', 'r', 1)],
        { profile },
      );
      ok(x);
    });
  }
});

describe('RETRIEVE_FD (notes §2.7)', () => {
  const incoming = (): Step[] => [
    openDev(),
    create('a', 's'),
    file('m1', 'memfd', 'one'),
    file('m2', 'memfd', 'two'),
    preserve('s', 'm1', 1),
    preserve('s', 'm2', 2),
    kexec(),
    openDev(),
    retrieveS('a', 's'),
  ];

  for (const profile of PROFILES) {
    describe(profile, () => {
      it('unknown token: ENOENT; retrieve in any order; a second retrieve returns the same file without calling retrieve', () => {
        const x = run(
          [
            ...incoming(),
            retrieveF('s', 3, 'x', { expect: 'ENOENT' }),
            retrieveF('s', 2, 'r2', { note: 'first' }),
            retrieveF('s', 2, 'r2b', { note: 'again' }),
            { op: 'write', fd: 'r2', data: 'TW' },
            { op: 'read', fd: 'r2b', note: 'read' },
            retrieveF('s', 1, 'r1'),
          ],
          { profile },
        );
        ok(x);
        // 7.1+: the retrieved file's id (get_id) is inserted into luo_preserved_files
        expect(x.cbs('first', true)).toEqual(GET_ID(profile) ? ['handler:memfd-v1:retrieve@a/2', 'handler:memfd-v1:get_id@a/2'] : ['handler:memfd-v1:retrieve@a/2']);
        expect(x.cbs('again')).toEqual([]);
        expect(x.step('read').data).toBe('TWo');
      });

      const remembered = GET_ID(profile);
      it(remembered ? 'a failed retrieve is remembered: the same errno again, retrieve not called' : 'a failed retrieve can be retried', () => {
        const x = run(
          [
            ...incoming(),
            inject('memfd-v1', 'retrieve', { errno: 'EIO', token: 1 }),
            retrieveF('s', 1, 'r', { expect: 'EIO', note: 'fail' }),
            retrieveF('s', 1, 'r', { expect: remembered ? 'EIO' : 'ok', note: 'again' }),
            retrieveF('s', 2, 'r2'),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('fail')).toEqual(['handler:memfd-v1:retrieve']);
        expect(x.cbs('again')).toEqual(remembered ? [] : ['handler:memfd-v1:retrieve']);
      });

      it('after FINISH: ENOENT even for a token whose retrieve failed', () => {
        const x = run([...incoming(), inject('memfd-v1', 'retrieve', { errno: 'EIO', token: 1 }), retrieveF('s', 1, 'r', { expect: 'EIO' }), finish('s'), retrieveF('s', 1, 'r', { expect: 'ENOENT' })], { profile });
        ok(x);
      });
    });
  }
});

describe('FINISH callbacks (notes §2.8, §4.3 item 6)', () => {
  const incoming = (): Step[] => [
    openDev(),
    create('a', 's'),
    file('f1', 'regular'),
    file('f2', 'regular'),
    file('f3', 'regular'),
    preserve('s', 'f1', 1),
    preserve('s', 'f2', 2),
    preserve('s', 'f3', 3),
    kexec(),
    openDev(),
    retrieveS('a', 's'),
    retrieveF('s', 2, 'r2'),
  ];
  const all = ['handler:cf-v1:can_finish@a/1', 'handler:cf-v1:can_finish@a/2', 'handler:cf-v1:can_finish@a/3', 'handler:cf-v1:finish@a/3', 'handler:cf-v1:finish@a/2', 'handler:cf-v1:finish@a/1'];

  for (const profile of PROFILES) {
    describe(profile, () => {
      it('can_finish on every file first, then finish from the last preserved file to the first, never-retrieved ones included', () => {
        const x = run([...incoming(), finish('s', { note: 'finish' })], { profile, modules: ['cf'], custom: [CF] });
        ok(x);
        expect(x.cbs('finish', true)).toEqual(all);
      });

      it('can_finish false → EBUSY, nothing finished, files still retrievable; a later FINISH finishes all', () => {
        const x = run(
          [
            ...incoming(),
            inject('cf-v1', 'can_finish', { result: false, token: 3 }),
            finish('s', { expect: 'EBUSY', note: 'busy' }),
            retrieveF('s', 1, 'r1'),
            finish('s', { note: 'finish' }),
          ],
          { profile, modules: ['cf'], custom: [CF] },
        );
        ok(x);
        expect(x.cbs('busy', true)).toEqual(['handler:cf-v1:can_finish@a/1', 'handler:cf-v1:can_finish@a/2', 'handler:cf-v1:can_finish@a/3']);
        expect(x.cbs('finish', true)).toEqual(all);
      });

      it('closing a retrieved session without FINISH runs the same finish sequence', () => {
        const x = run([...incoming(), close('s', { note: 'close' }), retrieveS('a', 'x', { expect: 'ENOENT' })], { profile, modules: ['cf'], custom: [CF] });
        ok(x);
        expect(x.cbs('close', true)).toEqual(all);
      });

      it('memfd has no can_finish: FINISH calls finish only', () => {
        const x = run(
          [openDev(), create('a', 's'), file('m1'), file('m2'), preserve('s', 'm1', 1), preserve('s', 'm2', 2), kexec(), openDev(), retrieveS('a', 's'), finish('s', { note: 'finish' })],
          { profile },
        );
        ok(x);
        expect(x.cbs('finish', true)).toEqual(['handler:memfd-v1:finish@a/2', 'handler:memfd-v1:finish@a/1']);
      });
    });
  }
});

describe('retrieved files join luo_preserved_files (7.1+)', () => {
  for (const profile of ['7.1', 'latest', '7.2', '7.3'] as const)
    it(`${profile}: a retrieved file of a handler without get_id is held by its struct file until FINISH`, () => {
      const x = run(
        [openDev(), create('a', 's'), file('f', 'regular'), preserve('s', 'f', 1), kexec(), openDev(), retrieveS('a', 's'),
          retrieveF('s', 1, 'r'), create('next', 'o'),
          preserve('o', 'r', 1, { expect: 'EBUSY' }),
          finish('s'), preserve('o', 'r', 1, { expect: 'ok' })],
        { profile, modules: ['noid'], custom: [NOID] },
      );
      ok(x);
    });
});

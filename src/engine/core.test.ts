import { describe, expect, it } from 'vitest';
import type { CustomModule, ProfileId, Step } from '../scenario/types';
import { PROFILES, run, ok, openDev, create, retrieveS, file, preserve, retrieveF, finish, close, kexec, inject } from './test-kit';

// Notes §1 (enable switch, boot, device open, reboot), §1.2 (incoming format checks → panic),
// §1.3 (exclusive open, lazy deserialization, cached EIO), §7 (formats, live-update number), §8.

const CF: CustomModule = { id: 'cf', handler: 'cf-v1', accepts: ['regular'], ops: ['freeze', 'unfreeze'] };

describe('/dev/liveupdate open (notes §1.1, §1.3)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('ENOENT when liveupdate=false (no device node)', () => {
        ok(run([openDev('luo', { expect: 'ENOENT' }), openDev('luo', { expect: 'ENOENT' })], { profile, liveupdate: false }));
      });

      it('exclusive: EBUSY while open; closing the device frees it and leaves the sessions alone', () => {
        const x = run(
          [
            openDev(),
            openDev('luo2', { expect: 'EBUSY' }),
            create('a', 's'),
            file('m'),
            preserve('s', 'm', 1),
            close('luo', { note: 'close' }),
            openDev(),
            create('a', 's2', { expect: 'EEXIST' }),
            kexec(),
            openDev(),
            retrieveS('a', 's'),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('close')).toEqual([]);
      });

      it('EIO when the incoming data names a handler that is not registered, on that and every later open (never retried)', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            file('m'),
            preserve('s', 'm', 1),
            close('luo'),
            kexec({ modules: [] }),
            openDev('luo', { expect: 'EIO', note: 'open' }),
            openDev('luo', { expect: 'EIO' }),
            // the sessions built before the failure stay in the incoming list (§3.3), so 6.19/7.0 quiesce fails
            { op: 'register_module', module: 'memfd', expect: profile === '6.19' || profile === '7.0' ? 'EBUSY' : 'ok' },
            openDev('luo', { expect: 'EIO' }),
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('open')).toEqual([]);
      });

      it('EIO when the next kernel registers a renamed compatible (memfd@v2 → memfd-v2)', () => {
        const x = run(
          [openDev(), create('a', 's'), file('m'), preserve('s', 'm', 1), kexec({ modules: ['memfd@v2'] }), openDev('luo', { expect: 'EIO' }), openDev('luo', { expect: 'EIO' })],
          { profile },
        );
        ok(x);
      });

      it('deserialization is lazy: a handler registered after boot but before the first open is enough', () => {
        const x = run(
          [openDev(), create('a', 's'), file('m', 'memfd', 'late'), preserve('s', 'm', 1), kexec({ modules: [] }), { op: 'register_module', module: 'memfd' }, openDev(), retrieveS('a', 's'), retrieveF('s', 1, 'r'), { op: 'read', fd: 'r', note: 'read' }],
          { profile },
        );
        ok(x);
        expect(x.step('read').data).toBe('late');
      });

      it('a missing handler needed only by a later session still fails the whole deserialization', () => {
        const x = run(
          [
            openDev(),
            create('first', 's1'),
            file('m'),
            preserve('s1', 'm', 1),
            create('second', 's2'),
            file('f', 'regular'),
            preserve('s2', 'f', 1),
            kexec({ modules: ['memfd'] }),
            openDev('luo', { expect: 'EIO' }),
          ],
          { profile, modules: ['memfd', 'cf'], custom: [CF] },
        );
        ok(x);
      });
    });
  }
});

describe('liveupdate_reboot() (notes §1.4)', () => {
  for (const profile of PROFILES) {
    it(`${profile}: with LUO disabled reboot is a no-op: nothing crosses`, () => {
      const x = run([openDev('luo', { expect: 'ENOENT' }), kexec({ liveupdate: true, note: 'kexec' }), openDev(), retrieveS('a', 'x', { expect: 'ENOENT' })], { profile, liveupdate: false });
      ok(x);
      const boots = x.r.events.flatMap((e) => (e.type === 'boot' ? [e.incoming] : []));
      expect(boots).toEqual(['none', 'none']);
    });

    it(`${profile}: the live-update number is incoming + 1 (0 on a cold boot)`, () => {
      const x = run([kexec(), kexec()], { profile });
      ok(x);
      expect(x.r.events.flatMap((e) => (e.type === 'boot' ? [e.liveupdateNum] : []))).toEqual([0, 1, 2]);
    });
  }

  // 7.1: liveupdate_reboot() returns 0 after luo_flb_serialize(); kho_finalize() is gone (kernel-luo-2026.md §1)
  for (const profile of ['7.1', 'latest', '7.2', '7.3'] as const) {
    it(`${profile}: no kho_finalize() at reboot, so an armed finalize fault never fires`, () => {
      const x = run([openDev(), create('a', 's'), file('m', 'memfd'), preserve('s', 'm', 1), inject('kho', 'finalize', { errno: 'EIO' }), kexec({ expect: 'ok', note: 'k' })], { profile });
      ok(x);
      expect(x.events('k').some((e) => e.type === 'kexec' && e.phase === 'kho_finalize')).toBe(false);
    });
  }

  for (const profile of ['6.19', '7.0'] as const) {
    it(`${profile}: kho_finalize failure → EAGAIN, after freeze, with no unfreeze; a later kexec works`, () => {
      const x = run(
        [
          openDev(),
          create('a', 's'),
          file('f1', 'regular'),
          file('f2', 'regular'),
          preserve('s', 'f1', 1),
          preserve('s', 'f2', 2),
          inject('kho', 'finalize', { errno: 'EIO' }),
          kexec({ expect: 'EAGAIN', note: 'fail' }),
          kexec({ note: 'kexec' }),
          openDev(),
          retrieveS('a', 's'),
        ],
        { profile, modules: ['cf'], custom: [CF] },
      );
      ok(x);
      expect(x.cbs('fail', true)).toEqual(['handler:cf-v1:freeze@a/1', 'handler:cf-v1:freeze@a/2']);
      expect(x.events('fail').some((e) => e.type === 'handover' || e.type === 'boot')).toBe(false);
      expect(x.cbs('kexec', true)).toEqual(['handler:cf-v1:freeze@a/1', 'handler:cf-v1:freeze@a/2']);
    });
  }

  it('7.0: kho_finalize failure does not undo FLB state (no FLB callback)', () => {
    const x = run(
      [openDev(), create('a', 's'), file('h', 'hugetlb-memfd'), preserve('s', 'h', 1), inject('kho', 'finalize', { errno: 'EIO' }), kexec({ expect: 'EAGAIN', note: 'fail' })],
      { profile: '7.0', modules: ['hugetlb'] },
    );
    ok(x);
    expect(x.cbs('fail')).toEqual(['handler:hugetlb-memfd-v1:freeze']);
  });

  it('latest: no kho_finalize — an armed "kho" fault does not fire and the kexec succeeds', () => {
    const x = run([openDev(), create('a', 's'), inject('kho', 'finalize', { errno: 'EIO' }), kexec({ note: 'kexec' }), openDev(), retrieveS('a', 's')]);
    ok(x);
    expect(x.events('kexec').some((e) => e.type === 'fault')).toBe(false);
  });
});

describe('cross-version kexec (notes §1.2, §7)', () => {
  // [from, to, boots]: 6.19 FDT has no "luo-flb" node (7.0/7.1 need it: -ENOENT); FDT ↔ luo-v5 root compatible mismatch (-EINVAL)
  const matrix: [ProfileId, ProfileId, boolean][] = [
    ['6.19', '6.19', true],
    ['6.19', '7.0', false],
    ['6.19', '7.1', false],
    ['6.19', 'latest', false],
    ['7.0', '6.19', true],
    ['7.0', '7.0', true],
    ['7.0', '7.1', true],
    ['7.0', 'latest', false],
    ['7.1', '6.19', true],
    ['7.1', '7.0', true],
    ['7.1', '7.1', true],
    ['7.1', 'latest', false],
    ['latest', '6.19', false],
    ['latest', '7.0', false],
    ['latest', '7.1', false],
    ['latest', 'latest', true],
  ];
  for (const [from, to, boots] of matrix) {
    it(`${from} → ${to}: ${boots ? 'sessions and files cross' : 'panic at boot; every later step is halted'}`, () => {
      const after: Step[] = [openDev(), retrieveS('a', 's'), retrieveF('s', 1, 'r'), { op: 'read', fd: 'r', note: 'read' }, finish('s')];
      const x = run(
        [openDev(), create('a', 's'), file('m', 'memfd', 'payload'), preserve('s', 'm', 1), kexec({ profile: to, note: 'kexec', expect: '*' }), ...(boots ? after : after.map((s) => ({ ...s, expect: 'halted' })))],
        { profile: from },
      );
      ok(x);
      expect(x.events('kexec').some((e) => e.type === 'panic')).toBe(!boots);
      if (boots) expect(x.step('read').data).toBe('payload');
    });
  }

  for (const [from, to] of [['6.19', '7.0'], ['7.1', 'latest'], ['latest', '7.1']] as [ProfileId, ProfileId][]) {
    it(`${from} → ${to}: panics even with no session at all (the LUO subtree is always written)`, () => {
      const x = run([kexec({ profile: to, note: 'kexec', expect: '*' }), { ...openDev(), expect: 'halted' }, { op: 'register_module', module: 'hugetlb', expect: 'halted' }, { ...kexec({ profile: from }), expect: 'halted' }], { profile: from });
      ok(x);
      expect(x.events('kexec').some((e) => e.type === 'panic')).toBe(true);
    });
  }

  it('latest with patches → latest: boots', () => {
    const x = run([openDev(), create('a', 's'), kexec({ patches: [] }), openDev(), retrieveS('a', 's')], { patches: ['flb-outgoing-refcount', 'flb-retrieve-status', 'finish-reserved'] });
    ok(x);
  });
});

// The kernels as released (../shared/reference/kernel-luo-2026.md §1) and the engine bugs of
// issue #10, each pinned by the kernel source named beside it.
import { describe, expect, it } from 'vitest';
import { run, ok, openDev, create, retrieveS, file, preserve, retrieveF, finish, close, kexec, inject } from './test-kit';
import type { ProfileId, Step } from '../scenario/types';
import { makeProfile } from './profiles';

const write = (fd: string, data: string, x: { expect?: string; note?: string } = {}): Step => ({ op: 'write', fd, data, ...x });
const read = (fd: string, data: string | undefined, x: { expect?: string; note?: string } = {}): Step => ({ op: 'read', fd, ...(data !== undefined ? { data } : {}), ...x });
const getName = (session: string, x: { expect?: string; size?: number; note?: string } = {}): Step => ({ op: 'get_name', session, ...x });
const warns = (x: ReturnType<typeof run>, label?: string) => x.events(label).flatMap((e) => (e.type === 'warn' ? [e.message] : []));

describe('release map (kernel-luo-2026.md §1)', () => {
  it('7.1: fixed limits, no GET_NAME, no kho_finalize(); 7.2: blocks, GET_NAME, gating; 7.3 = 7.2 for LUO', () => {
    const p71 = makeProfile('7.1');
    expect([p71.sessionMax, p71.fileMax, p71.getName, p71.khoFinalize, p71.format]).toEqual([819, 128, false, false, 'fdt-v1+flb']);
    expect(makeProfile('7.0').khoFinalize).toBe(true);
    const p72 = makeProfile('7.2');
    expect([p72.sessionMax, p72.fileMax, p72.getName, p72.sessionKindGating, p72.format]).toEqual([null, null, true, true, 'luo-v5']);
    const { id: _a, ...r72 } = p72;
    const { id: _b, ...r73 } = makeProfile('7.3');
    expect(r73).toEqual(r72);
  });

  it('the three fixes merged after 7.2-rc6 are built in from 7.2, patches before, absent in v1-latest', () => {
    for (const id of ['7.2', '7.3'] as const) {
      const p = makeProfile(id);
      expect([p.finishReserved, p.flbOutgoingRefcount, p.flbRetrieveStatus]).toEqual([true, true, true]);
    }
    const v1 = makeProfile('v1-latest');
    expect([v1.finishReserved, v1.flbOutgoingRefcount, v1.flbRetrieveStatus]).toEqual([false, false, false]);
    const patched = makeProfile('7.1', ['finish-reserved', 'flb-retrieve-status']);
    expect([patched.finishReserved, patched.flbRetrieveStatus, patched.flbOutgoingRefcount]).toEqual([true, true, false]);
  });

  it('listing a built-in patch is a warning at boot, not an error; a 6.19 FLB patch is ignored with a warning', () => {
    const x = run([finish('nope', { expect: 'EBADF' })], { profile: '7.2', patches: ['finish-reserved'] });
    ok(x);
    expect(warns(x).join('\n')).toMatch(/finish-reserved is mainline since 7.2/);
    const y = run([], { profile: '6.19', patches: ['flb-outgoing-refcount'] });
    expect(warns(y).join('\n')).toMatch(/needs luo_flb.c/);
  });

  const incoming = (profile: ProfileId, extra: Step[]) =>
    run([openDev(), create('A', 's'), file('m'), preserve('s', 'm', 1), kexec(), openDev(), retrieveS('A', 's'), ...extra], { profile });

  it('FINISH reserved != 0: EINVAL on 7.2 and 7.3, not checked on v1-latest and 7.1', () => {
    for (const profile of ['7.2', '7.3'] as const) ok(incoming(profile, [{ ...finish('s'), reserved: 1, expect: 'EINVAL' }]));
    for (const profile of ['latest', '7.1'] as const) ok(incoming(profile, [{ ...finish('s'), reserved: 1 }]));
  });

  it('GET_NAME: EINVAL (nr out of range) before 7.2; on 7.2 the rc5 fix checks the full 72-byte struct', () => {
    ok(run([openDev(), create('vm', 's'), getName('s', { expect: 'EINVAL' })], { profile: '7.1' }));
    const x = run([openDev(), create('vm', 's'), getName('s', { note: 'n' }), getName('s', { size: 16, expect: 'EINVAL' }), getName('s', { size: 71, expect: 'EINVAL' })], { profile: '7.2' });
    ok(x);
    expect(x.step('n').name).toBe('vm');
  });

  it('fixed session limit 819 (ENOMEM) on 7.1; 7.2 has none', () => {
    const many = (n: number): Step[] => Array.from({ length: n }, (_, i) => create(`s${i}`, `s${i}`));
    const x = run([openDev(), ...many(819), create('one-more', 'x', { expect: 'ENOMEM' })], { profile: '7.1' });
    ok(x);
    ok(run([openDev(), ...many(820)], { profile: '7.2' }));
  });

  it('7.2: the outgoing FLB is reference-counted (ENOENT when nothing is preserved) and a failed FLB retrieve is remembered', () => {
    const flb = (op: 'flb_get_outgoing' | 'flb_put_outgoing' | 'flb_get_incoming', x: { expect?: string; note?: string } = {}): Step => ({ op, flb: 'hugetlb-v1', ...x });
    ok(run([flb('flb_get_outgoing', { expect: 'ENOENT' })], { profile: '7.2', modules: ['hugetlb'] }));
    ok(run([flb('flb_get_outgoing')], { profile: 'latest', modules: ['hugetlb'] }));
    const y = run(
      [openDev(), create('A', 's'), file('h', 'hugetlb-memfd'), preserve('s', 'h', 1), kexec(), inject('hugetlb-v1', 'retrieve'), flb('flb_get_incoming', { expect: 'EIO', note: 'a' }), flb('flb_get_incoming', { expect: 'EIO', note: 'b' })],
      { profile: '7.2', modules: ['hugetlb'] },
    );
    ok(y);
    expect(y.cbs('b')).toEqual([]);
  });
});

describe('freeze rollback poisons the handle on 6.19 and 7.0 (luo_file_unfreeze_one, memfd_luo_freeze)', () => {
  const steps = (extra: Step[]): Step[] => [
    openDev(),
    create('A', 's'),
    file('m1'),
    file('m2'),
    preserve('s', 'm1', 1),
    preserve('s', 'm2', 2),
    inject('memfd-v1', 'freeze', { errno: 'ENOMEM', token: 2 }),
    kexec({ expect: 'ENOMEM', note: 'first' }),
    ...extra,
  ];

  for (const profile of ['6.19', '7.0'] as const) {
    it(`${profile}: every later kexec fails with EINVAL at the poisoned file, until the session is closed`, () => {
      const x = run(steps([kexec({ expect: 'EINVAL', note: 'again' }), kexec({ expect: 'EINVAL' }), close('s'), kexec({ note: 'after close' })]), { profile });
      ok(x);
      expect(x.cbs('again', true)).toEqual(['handler:memfd-v1:freeze@A/1']); // stops at the first poisoned file
      expect(warns(x, 'again').join()).toMatch(/WARN_ON_ONCE\(!serialized_data\)/);
    });

    it(`${profile}: the closed session's poisoned memfd stays frozen: growing it is EPERM, writes within its size work`, () => {
      const x = run(steps([close('s'), write('m1', 'x'.repeat(20), { expect: 'EPERM' }), write('m1', 'DATA', { note: 'small' }), write('m2', 'm2 can grow again')]), { profile });
      ok(x);
      expect(warns(x).join()).toMatch(/stays frozen/);
    });
  }

  for (const profile of ['7.1', '7.2', '7.3'] as const) {
    it(`${profile}: the handle is kept, so the next kexec works and the data comes back`, () => {
      ok(run(steps([kexec({ note: 'again' }), openDev(), retrieveS('A', 's'), retrieveF('s', 1, 'r1'), read('r1', 'data-m1')]), { profile }));
    });
  }

  it('7.0: a handler without the WARN (a custom one) gets serialized_data 0 passed to retrieve(), which decides', () => {
    const custom = [{ id: 'cf', handler: 'cf-v1', accepts: ['regular'], ops: ['freeze' as const] }];
    const x = run(
      [
        openDev(),
        create('A', 's'),
        file('a', 'regular'),
        file('b', 'regular'),
        preserve('s', 'a', 1),
        preserve('s', 'b', 2),
        inject('cf-v1', 'freeze', { errno: 'EIO', token: 2 }),
        kexec({ expect: 'EIO' }),
        kexec(),
        openDev(),
        retrieveS('A', 's'),
        retrieveF('s', 1, 'r', { note: 'r' }),
      ],
      { profile: '7.0', modules: ['cf'], custom },
    );
    ok(x);
    expect(warns(x, 'r').join()).toMatch(/passed serialized_data 0/);
  });
});

describe('memfd size is fixed at preserve (memfd_luo_preserve: ser->size; retrieve restores it)', () => {
  for (const profile of ['6.19', '7.1', '7.3'] as const) {
    it(`${profile}: bytes written within the size after preserve are carried; growth is EPERM while preserved`, () => {
      const x = run(
        [openDev(), create('A', 's'), file('m', 'memfd', 'hello'), preserve('s', 'm', 1), write('m', 'HE'), write('m', 'hello world', { expect: 'EPERM' }), kexec(), openDev(), retrieveS('A', 's'), retrieveF('s', 1, 'r'), read('r', 'HEllo')],
        { profile },
      );
      ok(x);
    });
  }

  it('7.0: the same empty memfd in two sessions; closing one unfreezes it; it grows; it comes back at its preserve-time size', () => {
    const x = run(
      [openDev(), create('A', 'a'), create('B', 'b'), file('m', 'memfd', ''), preserve('a', 'm', 1), preserve('b', 'm', 2), close('a'), write('m', 'grown'), kexec(), openDev(), retrieveS('B', 'b'), retrieveF('b', 2, 'r'), read('r', '')],
      { profile: '7.0' },
    );
    ok(x);
  });

  for (const profile of ['6.19', '7.0'] as const) {
    it(`${profile}: a non-empty memfd in two sessions loses its pages when one closes: retrieve after the kexec is EIO`, () => {
      const x = run(
        [openDev(), create('A', 'a'), create('B', 'b'), file('m', 'memfd', 'guest ram'), preserve('a', 'm', 1), preserve('b', 'm', 2), close('a', { note: 'close' }), kexec(), openDev(), retrieveS('B', 'b'), retrieveF('b', 2, 'r', { expect: 'EIO', note: 'r' })],
        { profile },
      );
      ok(x);
      expect(warns(x, 'close').join()).toMatch(/kho-unpreserved/);
      expect(x.cbs('r')).toEqual(['handler:memfd-v1:retrieve']);
    });
  }

  it('7.1: the same memfd cannot sit in two sessions (EBUSY), so nothing is lost', () => {
    ok(run([openDev(), create('A', 'a'), create('B', 'b'), file('m'), preserve('a', 'm', 1), preserve('b', 'm', 2, { expect: 'EBUSY' })], { profile: '7.1' }));
  });
});

describe('liveupdate off with an incoming image (luo_early_startup checks only kho_is_enabled())', () => {
  it('an unreadable image panics even when LUO is off', () => {
    const x = run([openDev(), create('A', 's'), file('m'), preserve('s', 'm', 1), kexec({ profile: '7.2', liveupdate: false, note: 'k' }), openDev('luo', { expect: 'halted' })], { profile: '7.0' });
    ok(x);
    expect(x.r.steps.map((s) => s.result)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'halted']);
    expect(x.events('k').some((e) => e.type === 'panic')).toBe(true);
  });

  it('a readable image is parsed (the live-update number counts) but there is no device', () => {
    const x = run([openDev(), create('A', 's'), file('m'), preserve('s', 'm', 1), kexec({ liveupdate: false, note: 'k' }), openDev('luo', { expect: 'ENOENT' })], { profile: '7.2' });
    ok(x);
    expect(x.events('k').find((e) => e.type === 'boot')).toMatchObject({ liveupdate: false, liveupdateNum: 1, incoming: 'ignored' });
  });
});

describe('process exit releases files highest fd first (close_files() queues ____fput(), task_work runs LIFO)', () => {
  it('the session on the higher fd is released (and unpreserved) first', () => {
    const x = run([openDev(), create('A', 'a'), create('B', 'b'), file('m'), file('n'), preserve('a', 'm', 1), preserve('b', 'n', 2), { op: 'exit_agent', note: 'exit' }], { profile: '7.3' });
    ok(x);
    expect(x.cbs('exit', true)).toEqual(['handler:memfd-v1:unpreserve@B/2', 'handler:memfd-v1:unpreserve@A/1']);
    const closes = x.events('exit').flatMap((e) => (e.type === 'fd_close' ? [e.fd] : []));
    expect(closes).toEqual([...closes].sort((p, q) => p - q)); // the fds themselves close lowest first
  });
});

describe('an unbalanced flb_put_incoming (7.2+: the kernel trusts its caller)', () => {
  it('warns at the call, where the kernel starts to misbehave, not only when an invariant notices later', () => {
    const flb = (op: 'flb_get_incoming' | 'flb_put_incoming', note: string): Step => ({ op, flb: 'hugetlb-v1', note });
    const x = run(
      [openDev(), create('A', 's'), file('h', 'hugetlb-memfd'), preserve('s', 'h', 1), kexec(), flb('flb_get_incoming', 'get'), flb('flb_put_incoming', 'put'), flb('flb_put_incoming', 'again')],
      { profile: '7.3', modules: ['hugetlb'] },
    );
    ok(x);
    expect(warns(x, 'put')).toEqual([]);
    expect(warns(x, 'again').join()).toMatch(/put_incoming without a matching get_incoming/);
  });
});

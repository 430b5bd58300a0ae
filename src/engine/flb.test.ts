import { describe, expect, it } from 'vitest';
import type { CustomModule, ProfileId, Step } from '../scenario/types';
import { since, run, ok, openDev, create, retrieveS, file, preserve, finish, close, kexec, inject } from './test-kit';
import type { X } from './test-kit';

// Notes §5 (FLBs): §5.2 registration, §5.3 outgoing side, §5.4 incoming side, §5.5 get_outgoing
// (+ P flb-outgoing-refcount), §5.6 lock-api-v6, §5.7 the test FLBs; §4.3 callback order.

const FLB_PROFILES = ['7.0', '7.1', 'latest', '7.2', '7.3'] as const;
const GET_ID = (p: ProfileId) => since(p, '7.1');
const HUGE = ['hugetlb', 'guest-memfd'];
const H = 'handler:hugetlb-memfd-v1';
const G = 'handler:guest-memfd-v1';
const F = 'flb:hugetlb-v1';
const FLBOP = (op: 'flb_get_incoming' | 'flb_put_incoming' | 'flb_get_outgoing' | 'flb_put_outgoing', flb: string, x: X = {}): Step => ({ op, flb, ...x });

/** gen 0: A {h1 (hugetlb)}, B {g1 (guest), h2 (hugetlb)}. */
const sharedOutgoing = (): Step[] => [
  openDev(),
  create('A', 'A'),
  create('B', 'B'),
  file('h1', 'hugetlb-memfd'),
  file('g1', 'guest-memfd'),
  file('h2', 'hugetlb-memfd'),
  preserve('A', 'h1', 1, { note: 'p-h1' }),
  preserve('B', 'g1', 1, { note: 'p-g1' }),
  preserve('B', 'h2', 2, { note: 'p-h2' }),
];

describe('FLB outgoing side (notes §5.3, §4.3 items 1–2)', () => {
  for (const profile of FLB_PROFILES) {
    describe(profile, () => {
      const id = (h: string) => (GET_ID(profile) ? [`${h}:get_id`] : []);

      it('FLB preserve runs before the handler preserve, only for the first dependent file across sessions and handlers', () => {
        const x = run(sharedOutgoing(), { profile, modules: HUGE });
        ok(x);
        expect(x.cbs('p-h1')).toEqual([`${H}:can_preserve`, ...id(H), `${F}:preserve`, `${H}:preserve`]);
        expect(x.cbs('p-g1')).toEqual([`${H}:can_preserve`, `${G}:can_preserve`, ...id(G), `${G}:preserve`]);
        expect(x.cbs('p-h2')).toEqual([`${H}:can_preserve`, ...id(H), `${H}:preserve`]);
      });

      it('FLB unpreserve runs after the handler unpreserve of the last dependent file; a new first file preserves again', () => {
        const x = run([...sharedOutgoing(), close('A', { note: 'close A' }), close('B', { note: 'close B' }), create('C', 'C'), file('g2', 'guest-memfd'), preserve('C', 'g2', 1, { note: 'again' })], {
          profile,
          modules: HUGE,
        });
        ok(x);
        expect(x.cbs('close A')).toEqual([`${H}:unpreserve`]);
        expect(x.cbs('close B')).toEqual([`${H}:unpreserve`, `${G}:unpreserve`, `${F}:unpreserve`]);
        expect(x.cbs('again')).toEqual([`${H}:can_preserve`, `${G}:can_preserve`, ...id(G), `${F}:preserve`, `${G}:preserve`]);
        expect(x.r.violations).toEqual([]);
      });

      it('a failing FLB preserve fails PRESERVE_FD with its errno; the handler preserve is not called; a retry preserves the FLB again', () => {
        const x = run(
          [
            openDev(),
            create('A', 'A'),
            file('h1', 'hugetlb-memfd'),
            inject('hugetlb-v1', 'preserve', { errno: 'ENOMEM' }),
            preserve('A', 'h1', 1, { expect: 'ENOMEM', note: 'fail' }),
            preserve('A', 'h1', 1, { note: 'retry' }),
          ],
          { profile, modules: HUGE },
        );
        ok(x);
        expect(x.cbs('fail')).toEqual([`${H}:can_preserve`, ...id(H), `${F}:preserve`]);
        expect(x.cbs('retry')).toEqual([`${H}:can_preserve`, ...id(H), `${F}:preserve`, `${H}:preserve`]);
      });

      it('a failing handler preserve rolls back the FLB preserve it caused', () => {
        const x = run(
          [openDev(), create('A', 'A'), file('h1', 'hugetlb-memfd'), inject('hugetlb-memfd-v1', 'preserve', { errno: 'EIO' }), preserve('A', 'h1', 1, { expect: 'EIO', note: 'fail' })],
          { profile, modules: HUGE },
        );
        ok(x);
        expect(x.cbs('fail')).toEqual([`${H}:can_preserve`, ...id(H), `${F}:preserve`, `${H}:preserve`, `${F}:unpreserve`]);
      });

      it('several FLBs per handler: preserve in link order, unpreserve in reverse; a failure rolls back only the FLBs it started', () => {
        const X1: CustomModule = { id: 'x', handler: 'x-v1', accepts: ['regular'], flbs: ['f1'] };
        const Y: CustomModule = { id: 'y', handler: 'y-v1', accepts: ['iommufd'], flbs: ['f1', 'f2', 'f3'] };
        const x = run(
          [
            openDev(),
            create('S', 'S'),
            create('T', 'T'),
            file('y1', 'iommufd'),
            preserve('S', 'y1', 1, { note: 'y1' }),
            close('S', { note: 'close' }),
            file('x1', 'regular'),
            preserve('T', 'x1', 1),
            file('y2', 'iommufd'),
            inject('f3', 'preserve', { errno: 'ENOSPC' }),
            preserve('T', 'y2', 2, { expect: 'ENOSPC', note: 'fail' }),
          ],
          { profile, modules: ['x', 'y'], custom: [X1, Y] },
        );
        ok(x);
        expect(x.cbs('y1')).toEqual(['handler:x-v1:can_preserve', 'handler:y-v1:can_preserve', 'flb:f1:preserve', 'flb:f2:preserve', 'flb:f3:preserve', 'handler:y-v1:preserve']);
        expect(x.cbs('close')).toEqual(['handler:y-v1:unpreserve', 'flb:f3:unpreserve', 'flb:f2:unpreserve', 'flb:f1:unpreserve']);
        // f1 already had a user (x1): only its count moves; f2 is rolled back by unpreserve
        expect(x.cbs('fail')).toEqual(['handler:x-v1:can_preserve', 'handler:y-v1:can_preserve', 'flb:f2:preserve', 'flb:f3:preserve', 'flb:f2:unpreserve']);
      });

      it('reboot: no FLB callback; every registered FLB with users is serialized in global registration order with its count', () => {
        const Z: CustomModule = { id: 'z', handler: 'z-v1', accepts: ['regular'], flbs: ['zz-v1'] };
        const x = run(
          [
            openDev(),
            create('S', 'S'),
            file('h1', 'hugetlb-memfd'),
            file('h2', 'hugetlb-memfd'),
            file('v1', 'vfio-cdev'),
            preserve('S', 'h1', 1),
            preserve('S', 'h2', 2),
            preserve('S', 'v1', 3),
            kexec({ note: 'kexec' }),
          ],
          { profile, modules: ['vfio-pci', 'z', 'hugetlb'], custom: [Z] },
        );
        ok(x);
        expect(x.cbs('kexec').filter((c) => c.startsWith('flb:'))).toEqual([]);
        const handover = x.events('kexec').find((e) => e.type === 'handover');
        expect(handover?.type === 'handover' && handover.image.flbs?.map((f) => [f.name, f.count])).toEqual([
          ['pci-v1', 1],
          ['iommu-core-v1', 1],
          ['hugetlb-v1', 2],
        ]);
      });

      if (!since(profile, '7.2')) it('liveupdate_flb_get_outgoing: 0 even when nothing is preserved (no reference)', () => {
        const x = run([FLBOP('flb_get_outgoing', 'hugetlb-v1'), openDev(), create('A', 'A'), file('h', 'hugetlb-memfd'), preserve('A', 'h', 1), FLBOP('flb_get_outgoing', 'hugetlb-v1'), close('A', { note: 'close' })], {
          profile,
          modules: HUGE,
        });
        ok(x);
        expect(x.cbs('close')).toEqual([`${H}:unpreserve`, `${F}:unpreserve`]);
      });
    });
  }

  it('6.19: no FLBs — the hugetlb handler runs alone', () => {
    const x = run([openDev(), create('A', 'A'), file('h', 'hugetlb-memfd'), preserve('A', 'h', 1, { note: 'p' }), close('A', { note: 'c' })], { profile: '6.19', modules: HUGE });
    ok(x);
    expect(x.cbs('p')).toEqual([`${H}:can_preserve`, `${H}:preserve`]);
    expect(x.cbs('c')).toEqual([`${H}:unpreserve`]);
  });
});

describe('FLB incoming side (notes §5.4)', () => {
  const kexecAndRetrieve = (): Step[] => [kexec(), openDev(), retrieveS('A', 'A'), retrieveS('B', 'B')];

  for (const profile of FLB_PROFILES) {
    describe(profile, () => {
      it('get_incoming on a cold boot: ENODATA', () => {
        ok(run([FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'ENODATA' })], { profile, modules: HUGE }));
      });

      it('get_incoming with no entry of that compatible in the previous kernel’s FLB data: ENOENT', () => {
        const x = run([openDev(), create('A', 'A'), file('m'), preserve('A', 'm', 1), kexec(), FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'ENOENT' })], {
          profile,
          modules: ['memfd', ...HUGE],
        });
        ok(x);
      });

      it('renamed FLB in the next kernel (hugetlb@v2): get_incoming(hugetlb-v2) is ENOENT, the device open is EIO', () => {
        const x = run(
          [
            openDev(),
            create('A', 'A'),
            file('h', 'hugetlb-memfd'),
            preserve('A', 'h', 1),
            kexec({ modules: ['hugetlb@v2'] }),
            FLBOP('flb_get_incoming', 'hugetlb-v2', { expect: 'ENOENT' }),
            openDev('luo', { expect: 'EIO' }),
          ],
          { profile, modules: ['hugetlb'] },
        );
        ok(x);
      });

      it('retrieve runs on demand, once; finish runs after the last dependent file across sessions and handlers' + (since(profile, 'v1-latest') ? ' and the last put_incoming' : ''), () => {
        const latest = since(profile, 'v1-latest');
        const x = run(
          [
            ...sharedOutgoing(),
            ...kexecAndRetrieve(),
            FLBOP('flb_get_incoming', 'hugetlb-v1', { note: 'get' }),
            FLBOP('flb_get_incoming', 'hugetlb-v1', { note: 'get2' }),
            finish('B', { note: 'finish B' }),
            finish('A', { note: 'finish A' }),
            ...(latest ? [FLBOP('flb_put_incoming', 'hugetlb-v1', { note: 'put1' }), FLBOP('flb_put_incoming', 'hugetlb-v1', { note: 'put2' })] : []),
            FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'ENODATA', note: 'after' }),
          ],
          { profile, modules: HUGE },
        );
        ok(x);
        expect(x.cbs('get')).toEqual([`${F}:retrieve`]);
        expect(x.cbs('get2')).toEqual([]);
        expect(x.cbs('finish B', true)).toEqual(['handler:hugetlb-memfd-v1:finish@B/2', 'handler:guest-memfd-v1:finish@B/1']);
        expect(x.cbs('finish A')).toEqual(latest ? [`${H}:finish`] : [`${H}:finish`, `${F}:finish`]);
        if (latest) {
          expect(x.cbs('put1')).toEqual([]);
          expect(x.cbs('put2')).toEqual([`${F}:finish`]);
        }
        expect(x.cbs('after')).toEqual([]);
        expect(x.r.violations).toEqual([]);
      });

      it('incoming FLB data is not handed over again: after a second kexec get_incoming is ENOENT', () => {
        const x = run([...sharedOutgoing(), kexec(), kexec(), FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'ENOENT' })], { profile, modules: HUGE });
        ok(x);
      });

      it('get_incoming works before the first device open (no deserialization needed)', () => {
        const x = run([...sharedOutgoing(), kexec(), FLBOP('flb_get_incoming', 'hugetlb-v1', { note: 'get' })], { profile, modules: HUGE });
        ok(x);
        expect(x.cbs('get')).toEqual([`${F}:retrieve`]);
      });

      if (!since(profile, '7.2')) it('a failed FLB retrieve is not remembered without the P patch: the next get_incoming calls retrieve again', () => {
        const x = run(
          [...sharedOutgoing(), kexec(), inject('hugetlb-v1', 'retrieve', { errno: 'EIO' }), FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'EIO', note: 'fail' }), FLBOP('flb_get_incoming', 'hugetlb-v1', { note: 'again' })],
          { profile, modules: HUGE },
        );
        ok(x);
        expect(x.cbs('fail')).toEqual([`${F}:retrieve`]);
        expect(x.cbs('again')).toEqual([`${F}:retrieve`]);
      });
    });
  }

  it('latest + flb-retrieve-status: a failed FLB retrieve is remembered (same errno, retrieve not called again)', () => {
    const x = run(
      [...sharedOutgoing(), kexec(), inject('hugetlb-v1', 'retrieve', { errno: 'EIO' }), FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'EIO', note: 'fail' }), FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'EIO', note: 'again' })],
      { modules: HUGE, patches: ['flb-retrieve-status'] },
    );
    ok(x);
    expect(x.cbs('fail')).toEqual([`${F}:retrieve`]);
    expect(x.cbs('again')).toEqual([]);
  });

  it('latest + flb-retrieve-status: ENODATA on a cold boot and ENOENT without an entry are unchanged', () => {
    const x = run([FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'ENODATA' }), kexec(), FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'ENOENT' })], {
      modules: HUGE,
      patches: ['flb-retrieve-status'],
    });
    ok(x);
  });
});

describe('test FLBs of lib/tests/liveupdate.c (notes §5.7)', () => {
  for (const profile of FLB_PROFILES) {
    it(`${profile}: three FLBs linked to memfd (second link of v0 is EEXIST); preserve v0,v1,v2 then memfd; FLB finish in reverse link order after the handler finish`, () => {
      const x = run(
        [
          openDev(),
          create('A', 'A'),
          file('m1'),
          preserve('A', 'm1', 1, { note: 'p' }),
          create('B', 'B'),
          file('m2'),
          preserve('B', 'm2', 1),
          close('B', { note: 'close' }),
          kexec(),
          openDev(),
          retrieveS('A', 'A'),
          finish('A', { note: 'finish' }),
        ],
        { profile, modules: ['memfd', 'test-flbs'] },
      );
      ok(x);
      const reg = x.r.events.flatMap((e) => (e.type === 'flb_register' && e.gen === 0 ? [`${e.compatible}:${e.handler}:${e.result}`] : []));
      expect(reg).toEqual(['liveupdate-test-flb-v0:memfd-v1:ok', 'liveupdate-test-flb-v1:memfd-v1:ok', 'liveupdate-test-flb-v2:memfd-v1:ok', 'liveupdate-test-flb-v0:memfd-v1:EEXIST']);
      const t = (i: number, cb: string) => `flb:liveupdate-test-flb-v${i}:${cb}`;
      expect(x.cbs('p')).toEqual(['handler:memfd-v1:can_preserve', ...(GET_ID(profile) ? ['handler:memfd-v1:get_id'] : []), t(0, 'preserve'), t(1, 'preserve'), t(2, 'preserve'), 'handler:memfd-v1:preserve']);
      expect(x.cbs('close')).toEqual(['handler:memfd-v1:unpreserve']);
      // latest: whether the test module ever puts its get_incoming reference is not in the notes (§5.7 read 7.0 only)
      if (since(profile, 'v1-latest')) expect(x.cbs('finish')[0]).toBe('handler:memfd-v1:finish');
      else expect(x.cbs('finish')).toEqual(['handler:memfd-v1:finish', t(2, 'finish'), t(1, 'finish'), t(0, 'finish')]);
      expect(x.r.violations).toEqual([]);
    });
  }
});

describe('FLB registration (notes §5.2)', () => {
  for (const profile of FLB_PROFILES) {
    describe(profile, () => {
      it('LUO_FLB_MAX = 63: the 64th FLB is ENOSPC', () => {
        const flbs = Array.from({ length: 64 }, (_, i) => `f${String(i).padStart(2, '0')}`);
        const M: CustomModule = { id: 'many', handler: 'many-v1', accepts: ['regular'], flbs };
        const x = run([{ op: 'register_module', module: 'many', expect: 'ENOSPC', note: 'reg' }], { profile, custom: [M] });
        ok(x);
        const res = x.events('reg').flatMap((e) => (e.type === 'flb_register' ? [e.result] : []));
        expect(res).toEqual([...Array(63).fill('ok'), 'ENOSPC']);
      });

      it('linking the same FLB twice to one handler: EEXIST', () => {
        const M: CustomModule = { id: 'twice', handler: 'twice-v1', accepts: ['regular'], flbs: ['f', 'f'] };
        ok(run([{ op: 'register_module', module: 'twice', expect: 'EEXIST' }], { profile, custom: [M] }));
      });

      const busy = profile === '7.0';
      it(busy ? 'while a session exists: EBUSY (luo_session_quiesce), before the EEXIST check' : 'while a session exists: no EBUSY (no quiesce)', () => {
        const x = run([openDev(), create('A', 'A'), { op: 'register_module', module: 'test-flbs', note: 'reg', expect: '*' }], { profile, modules: ['memfd'] });
        ok(x);
        const res = x.events('reg').flatMap((e) => (e.type === 'flb_register' ? [`${e.compatible}:${e.result}`] : []));
        const r = (ok4: string, last: string) => [`liveupdate-test-flb-v0:${ok4}`, `liveupdate-test-flb-v1:${ok4}`, `liveupdate-test-flb-v2:${ok4}`, `liveupdate-test-flb-v0:${last}`];
        expect(res).toEqual(busy ? r('EBUSY', 'EBUSY') : r('ok', 'EEXIST'));
      });

      it('LUO disabled: get/put incoming/outgoing are EOPNOTSUPP', () => {
        const steps: Step[] = [FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'EOPNOTSUPP' }), FLBOP('flb_get_outgoing', 'hugetlb-v1', { expect: 'EOPNOTSUPP' })];
        if (since(profile, 'v1-latest')) steps.push(FLBOP('flb_put_incoming', 'hugetlb-v1', { expect: 'EOPNOTSUPP' }));
        ok(run(steps, { profile, modules: HUGE, liveupdate: false }));
      });
    });
  }
});

describe('P: flb-outgoing-refcount (notes §5.5)', () => {
  const P = { modules: HUGE, patches: ['flb-outgoing-refcount' as const] };

  it('get_outgoing is ENOENT with no outgoing object; with one it takes a reference; the last put runs unpreserve', () => {
    const x = run(
      [
        FLBOP('flb_get_outgoing', 'hugetlb-v1', { expect: 'ENOENT' }),
        openDev(),
        create('A', 'A'),
        file('h', 'hugetlb-memfd'),
        preserve('A', 'h', 1),
        FLBOP('flb_get_outgoing', 'hugetlb-v1'),
        close('A', { note: 'close' }),
        FLBOP('flb_put_outgoing', 'hugetlb-v1', { note: 'put' }),
        FLBOP('flb_get_outgoing', 'hugetlb-v1', { expect: 'ENOENT' }),
      ],
      P,
    );
    ok(x);
    expect(x.cbs('close')).toEqual([`${H}:unpreserve`]);
    expect(x.cbs('put')).toEqual([`${F}:unpreserve`]);
    expect(x.r.violations).toEqual([]);
  });

  it('an outstanding reference at reboot is counted in the serialized FLB count', () => {
    const x = run([openDev(), create('A', 'A'), file('h', 'hugetlb-memfd'), preserve('A', 'h', 1), FLBOP('flb_get_outgoing', 'hugetlb-v1'), kexec({ note: 'kexec' })], P);
    ok(x);
    const handover = x.events('kexec').find((e) => e.type === 'handover');
    expect(handover?.type === 'handover' && handover.image.flbs?.map((f) => [f.name, f.count])).toEqual([['hugetlb-v1', 2]]);
  });
});

describe('P: lock-api-v6 (notes §5.6)', () => {
  const P = { modules: HUGE, patches: ['lock-api-v6' as const] };

  it('outgoing_locked: ENOENT with no object, 0 with one', () => {
    const x = run(
      [FLBOP('flb_get_outgoing', 'hugetlb-v1', { expect: 'ENOENT' }), openDev(), create('A', 'A'), file('h', 'hugetlb-memfd'), preserve('A', 'h', 1), FLBOP('flb_get_outgoing', 'hugetlb-v1'), FLBOP('flb_put_outgoing', 'hugetlb-v1')],
      P,
    );
    ok(x);
  });

  it('incoming_locked: ENODATA on a cold boot, ENOENT without an entry; after a retrieve, finish runs after the last dependent file (no refcount)', () => {
    const x = run(
      [
        FLBOP('flb_get_incoming', 'hugetlb-v1', { expect: 'ENODATA' }),
        ...sharedOutgoing(),
        kexec(),
        FLBOP('flb_get_incoming', 'hugetlb-v1', { note: 'get' }),
        FLBOP('flb_put_incoming', 'hugetlb-v1', { note: 'unlock' }),
        openDev(),
        retrieveS('A', 'A'),
        retrieveS('B', 'B'),
        finish('B'),
        finish('A', { note: 'finish A' }),
      ],
      P,
    );
    ok(x);
    expect(x.cbs('get')).toEqual([`${F}:retrieve`]);
    expect(x.cbs('unlock')).toEqual([]);
    expect(x.cbs('finish A')).toEqual([`${H}:finish`, `${F}:finish`]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Step } from '../scenario/types';
import { PROFILES, since, run, ok, openDev, create, retrieveS, file, preserve, retrieveF, finish, close, kexec, inject } from './test-kit';

// Notes §2.3 (common dispatch checks, in order), §2.1 (command numbers), §2.2 (minimum sizes),
// §2.9 (GET_NAME), §2.8 (FINISH reserved, P), §8 ("any ioctl" rows).

/** gen 0: session "a" with memfds at tokens 1 and 2; kexec; gen 1: device open, "a" retrieved as s. */
function incomingA(): Step[] {
  return [openDev(), create('a', 's'), file('m1'), preserve('s', 'm1', 1), file('m2'), preserve('s', 'm2', 2), kexec(), openDev(), retrieveS('a', 's')];
}

describe('ioctl dispatch (notes §2.3)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      it('EBADF for every ioctl on a closed fd (the fd is resolved before any command check)', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            file('m'),
            close('s'),
            preserve('s', 'm', 1, { expect: 'EBADF' }),
            retrieveF('s', 1, 'r', { expect: 'EBADF' }),
            finish('s', { expect: 'EBADF' }),
            { op: 'get_name', session: 's', expect: 'EBADF' },
            close('luo'),
            create('b', 's2', { expect: 'EBADF' }),
            retrieveS('b', 's3', { expect: 'EBADF' }),
          ],
          { profile },
        );
        ok(x);
      });

      it('ENOTTY for LUO commands on a file that is not a LUO file', () => {
        const x = run(
          [
            openDev(),
            file('m'),
            file('n', 'devnull'),
            { op: 'create_session', device: 'm', name: 'a', as: 's', expect: 'ENOTTY' },
            { op: 'retrieve_session', device: 'n', name: 'a', as: 's', expect: 'ENOTTY' },
            preserve('m', 'n', 1, { expect: 'ENOTTY' }),
            retrieveF('n', 1, 'r', { expect: 'ENOTTY' }),
            finish('m', { expect: 'ENOTTY' }),
            { op: 'get_name', session: 'm', expect: 'ENOTTY' },
          ],
          { profile },
        );
        ok(x);
      });

      it('EINVAL: session commands on the device fd and device commands on a session fd (command index out of range)', () => {
        const x = run(
          [
            openDev(),
            create('a', 's'),
            file('m'),
            { op: 'create_session', device: 's', name: 'b', as: 's2', expect: 'EINVAL' },
            { op: 'retrieve_session', device: 's', name: 'a', as: 's2', expect: 'EINVAL' },
            preserve('luo', 'm', 1, { expect: 'EINVAL' }),
            retrieveF('luo', 1, 'r', { expect: 'EINVAL' }),
            finish('luo', { expect: 'EINVAL' }),
            { op: 'get_name', session: 'luo', expect: 'EINVAL' },
          ],
          { profile },
        );
        ok(x);
      });

      it('minimum struct sizes: 72 / 72 / 16 / 16 / 8 (one byte less is EINVAL; a larger zero-tailed struct is fine)', () => {
        const x = run(
          [
            openDev(),
            { ...create('a', 's'), size: 71, expect: 'EINVAL' },
            { ...create('a', 's'), size: 72 },
            { ...create('b', 's2'), size: 4096 },
            file('m1'),
            file('m2'),
            { ...preserve('s', 'm1', 1), size: 15, expect: 'EINVAL' },
            { ...preserve('s', 'm1', 1), size: 16 },
            { ...preserve('s', 'm2', 2), size: 24 },
            kexec(),
            openDev(),
            { ...retrieveS('a', 's'), size: 71, expect: 'EINVAL' },
            { ...retrieveS('a', 's'), size: 72 },
            { ...retrieveF('s', 1, 'r1'), size: 15, expect: 'EINVAL' },
            { ...retrieveF('s', 1, 'r1'), size: 16 },
            { ...retrieveF('s', 2, 'r2'), size: 64 },
            { ...finish('s'), size: 7, expect: 'EINVAL' },
            { ...finish('s'), size: 0, expect: 'EINVAL' },
            { ...finish('s'), size: 8 },
            { ...finish('s'), size: 16 },
          ],
          { profile },
        );
        ok(x);
      });

      it('the size check comes before each command’s own checks', () => {
        const x = run(
          [
            ...incomingA(),
            create('dup', 'o'),
            { ...create('dup', 'o2'), size: 71, expect: 'EINVAL' }, // not EEXIST
            { ...retrieveS('no-such', 'x'), size: 71, expect: 'EINVAL' }, // not ENOENT
            { ...retrieveS('a', 'x'), size: 71, expect: 'EINVAL' }, // not EINVAL-for-retrieved (same errno, different check)
            file('dead'),
            close('dead'),
            file('m3'),
            preserve('o', 'm3', 7),
            { ...preserve('o', 'dead', 7), size: 15, expect: 'EINVAL' }, // not EEXIST
            { ...retrieveF('s', 99, 'r'), size: 15, expect: 'EINVAL' }, // not ENOENT
            inject('memfd-v1', 'can_finish', { result: false }),
            { ...finish('s'), size: 7, expect: 'EINVAL', note: 'short finish' }, // can_finish not reached
            finish('s', { expect: 'EBUSY', note: 'finish' }), // the armed fault is still there
          ],
          { profile },
        );
        ok(x);
        expect(x.cbs('short finish')).toEqual([]);
        expect(x.cbs('finish')).toEqual(['handler:memfd-v1:can_finish']);
      });
    });
  }
});

describe('GET_NAME (notes §2.1, §2.9)', () => {
  it('latest: returns the full name on outgoing and on incoming sessions', () => {
    const long = 'n'.repeat(63);
    const x = run([
      openDev(),
      create('alpha', 's'),
      create(long, 'l'),
      { op: 'get_name', session: 's', note: 'out' },
      { op: 'get_name', session: 'l', note: 'long' },
      kexec(),
      openDev(),
      retrieveS('alpha', 's'),
      { op: 'get_name', session: 's', note: 'in' },
    ]);
    ok(x);
    expect(x.step('out').name).toBe('alpha');
    expect(x.step('long').name).toBe(long);
    expect(x.step('in').name).toBe('alpha');
  });

  it('latest: reserved != 0 is EINVAL; size below 72 is EINVAL', () => {
    const x = run([
      openDev(),
      create('alpha', 's'),
      { op: 'get_name', session: 's', reserved: 1, expect: 'EINVAL' },
      { op: 'get_name', session: 's', size: 71, expect: 'EINVAL' },
      { op: 'get_name', session: 's', size: 72 },
      kexec(),
      openDev(),
      retrieveS('alpha', 's'),
      { op: 'get_name', session: 's', reserved: 7, expect: 'EINVAL' },
    ]);
    ok(x);
  });

  for (const profile of ['6.19', '7.0', '7.1'] as const) {
    it(`${profile}: GET_NAME does not exist (nr 0x43 is past the 3 session commands): EINVAL on both session kinds`, () => {
      const x = run(
        [
          openDev(),
          create('alpha', 's'),
          { op: 'get_name', session: 's', expect: 'EINVAL' },
          kexec(),
          openDev(),
          retrieveS('alpha', 's'),
          { op: 'get_name', session: 's', expect: 'EINVAL' },
        ],
        { profile },
      );
      ok(x);
    });
  }
});

describe('session-kind gating (notes §2.3 item 4: latest only)', () => {
  it('latest: PRESERVE_FD only on outgoing, RETRIEVE_FD and FINISH only on incoming, GET_NAME on both', () => {
    const x = run([
      ...incomingA(),
      create('out', 'o'),
      file('m3'),
      preserve('o', 'm3', 1),
      file('m4'),
      preserve('s', 'm4', 5, { expect: 'EINVAL' }),
      retrieveF('o', 1, 'r', { expect: 'EINVAL' }), // the token exists in "out": still EINVAL
      finish('o', { expect: 'EINVAL' }),
      { op: 'get_name', session: 'o' },
      { op: 'get_name', session: 's' },
      preserve('o', 'm4', 5),
      retrieveF('s', 1, 'r'),
      finish('s'),
    ]);
    ok(x);
  });

  it('latest: on an outgoing session of the first kernel too', () => {
    const x = run([openDev(), create('a', 's'), retrieveF('s', 1, 'r', { expect: 'EINVAL' }), finish('s', { expect: 'EINVAL' })]);
    ok(x);
  });

  it('latest: the gating comes before the command’s own checks (duplicate token, closed fd)', () => {
    const x = run([...incomingA(), file('dead'), close('dead'), preserve('s', 'dead', 1, { expect: 'EINVAL' }), preserve('s', 'dead', 77, { expect: 'EINVAL' })]);
    ok(x);
  });

  for (const profile of ['6.19', '7.0', '7.1'] as const) {
    it(`${profile}: no gating — the command's own checks answer`, () => {
      const x = run(
        [
          openDev(),
          create('empty', 'e'),
          retrieveF('e', 1, 'r', { expect: 'ENOENT' }), // empty file list
          finish('e'), // no files: 0
          create('a', 's'),
          file('m1'),
          preserve('s', 'm1', 1),
          kexec(),
          openDev(),
          retrieveS('a', 's'),
          file('dead'),
          close('dead'),
          preserve('s', 'dead', 77, { expect: 'EBADF' }),
        ],
        { profile },
      );
      ok(x);
    });
  }
});

describe('FINISH reserved (notes §2.2, §2.8: enforced only with the P patch finish-reserved)', () => {
  for (const profile of PROFILES.filter((p) => !since(p, '7.2'))) {
    it(`${profile}: reserved != 0 is not checked`, () => {
      const x = run([...incomingA(), { ...finish('s'), reserved: 1 }], { profile });
      ok(x);
    });
  }

  it('latest + finish-reserved: reserved != 0 is EINVAL, checked before can_finish', () => {
    const x = run(
      [
        ...incomingA(),
        inject('memfd-v1', 'can_finish', { result: false }),
        { ...finish('s'), reserved: 1, expect: 'EINVAL', note: 'reserved' },
        finish('s', { expect: 'EBUSY', note: 'busy' }),
        finish('s'),
        { ...finish('s'), reserved: 2, expect: 'EINVAL' },
      ],
      { patches: ['finish-reserved'] },
    );
    ok(x);
    expect(x.cbs('reserved')).toEqual([]);
    expect(x.cbs('busy')).toEqual(['handler:memfd-v1:can_finish']);
  });

  it('latest without the patch: reserved != 0 with can_finish false gives EBUSY', () => {
    const x = run([...incomingA(), inject('memfd-v1', 'can_finish', { result: false }), { ...finish('s'), reserved: 1, expect: 'EBUSY' }]);
    ok(x);
  });
});

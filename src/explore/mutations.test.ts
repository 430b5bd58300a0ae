// Proof that the explorer finds bugs: each planted engine bug (engine/mutations.ts) is found
// on a small scope, with a shortest counterexample of the length worked out by hand; the real
// engine gives none on the same scope.
import { afterEach, describe, expect, it } from 'vitest';
import { setMutations, type MutationId } from '../engine/mutations';
import { explore } from './explore';
import { validateScope } from './scope';

function scope(extra: object) {
  const r = validateScope({ format: 'luoscope-scope', version: 1, ...extra });
  if (!r.ok) throw new Error(r.issues[0]!.message);
  return r.scope;
}

const lifecycle = ['open_device', 'create_session', 'create_file', 'preserve_fd', 'close', 'kexec', 'retrieve_session', 'retrieve_fd', 'finish'];

const CASES: { mutation: MutationId; why: string; scope: object; property: string; length: number; path: string[] }[] = [
  {
    mutation: 'flb-unpreserve-first',
    why: 'two hugetlb memfds share hugetlb-v1; closing their session unpreserves both, and the FLB unpreserve() runs twice',
    scope: { modules: ['memfd', 'hugetlb'], sessions: 1, files: [{ kind: 'hugetlb-memfd' }, { kind: 'hugetlb-memfd' }], kexecs: 0, depth: 7, ops: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'close'] },
    property: 'flb-unpreserve-once',
    length: 7,
    path: ['open_device', 'create_session', 'create_file', 'create_file', 'preserve_fd', 'preserve_fd', 'close'],
  },
  {
    mutation: 'flb-finish-early',
    why: 'the test FLBs are retrieved at boot (count 1, +1 for the test module\'s reference); its put brings the count to 1 and finish() runs before the file is even deserialized',
    scope: { modules: ['memfd', 'test-flbs'], sessions: 1, files: [{ kind: 'memfd' }], kexecs: 1, depth: 6, ops: lifecycle },
    property: 'flb-finished-while-used',
    length: 6,
    path: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'kexec', 'open_device'],
  },
  {
    mutation: 'no-unfreeze-rollback',
    why: 'the second memfd refuses to freeze; the first stays frozen after the failed kexec',
    scope: { sessions: 1, files: [{ kind: 'memfd' }, { kind: 'memfd' }], kexecs: 1, depth: 8, ops: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'kexec', 'inject'], faults: [{ target: 'memfd-v1', callback: 'freeze', errno: 'EIO', perFile: true }] },
    property: 'frozen-after-failed-kexec',
    length: 8,
    path: ['open_device', 'create_session', 'create_file', 'create_file', 'preserve_fd', 'preserve_fd', 'inject', 'kexec'],
  },
  {
    mutation: 'flb-retrieve-error-forgotten',
    why: 'hugetlb-v1 retrieve() fails after the kexec on 7.3, which must remember the error',
    scope: { modules: ['memfd', 'hugetlb'], sessions: 1, files: [{ kind: 'hugetlb-memfd' }], kexecs: 1, depth: 7, ops: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'kexec', 'flb_get_incoming', 'flb_put_incoming', 'inject'], faults: [{ target: 'hugetlb-v1', callback: 'retrieve', errno: 'EIO' }] },
    property: 'flb-retrieve-status',
    length: 7,
    path: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'inject', 'kexec', 'flb_get_incoming'],
  },
  {
    mutation: 'close-keeps-ref',
    why: 'a closed fd leaves its file with a reference nobody holds',
    scope: { sessions: 1, files: [{ kind: 'memfd' }], kexecs: 1, depth: 4, ops: lifecycle },
    property: 'file-refs',
    length: 2,
    path: ['open_device', 'close'],
  },
];

describe('the explorer finds planted engine bugs', () => {
  afterEach(() => setMutations([]));

  it.each(CASES)('$mutation: $property in $length steps ($why)', (c) => {
    const s = scope(c.scope);
    expect(explore(s).violations).toEqual([]); // the real engine: nothing
    setMutations([c.mutation]);
    const r = explore(s);
    const v = r.violations.find((x) => x.id === c.property);
    expect(v, `found: ${r.violations.map((x) => x.id).join(', ')}`).toBeDefined();
    expect(v!.length).toBe(c.length);
    expect(v!.reproduced).toBe(true);
    // BFS: no violation of any kind is shorter than the one planted (the bug is the first thing wrong)
    expect(Math.min(...r.violations.map((x) => x.length))).toBe(c.length);
    const ops = v!.scenario.steps.map((x) => x.op);
    expect([...ops].sort()).toEqual([...c.path].sort()); // the same steps (one of the shortest orders)
    expect(ops.at(-1)).toBe(c.path.at(-1));
  });
});

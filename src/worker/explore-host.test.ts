import { describe, expect, it } from 'vitest';
import { createExploreHost } from './explore-host';
import { EXPLORE_PROTOCOL_VERSION as V, type FromExploreWorker } from './explore-protocol';
import type { Scope } from '../explore/scope';

const PCI: Scope = {
  format: 'luoscope-scope',
  version: 1,
  kernel: { profile: '7.1' },
  modules: ['memfd', 'vfio-pci'],
  sessions: 1,
  files: [{ kind: 'vfio-cdev' }],
  kexecs: 0,
  ops: ['open_device', 'create_session', 'create_file', 'preserve_fd', 'close', 'flb_get_outgoing', 'flb_put_outgoing'],
  depth: 8,
};

/** A host whose "later" queue the test runs by hand, so slices and messages interleave as the test says. */
function harness() {
  const out: FromExploreWorker[] = [];
  const queue: (() => void)[] = [];
  const host = createExploreHost((m) => out.push(m), (f) => queue.push(f));
  const drain = (max = 10_000) => {
    for (let i = 0; i < max && queue.length; i++) queue.shift()!();
  };
  return { out, queue, host, drain };
}

describe('explore worker host', () => {
  it('runs a scope to its result, with the links made for the page', () => {
    const h = harness();
    h.host({ v: V, type: 'start', id: 1, scope: PCI, shareBase: 'http://127.0.0.1:4315/' });
    h.drain();
    const done = h.out.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.result.violations.map((v) => v.id)).toEqual(['flb-use-after-unpreserve']);
    expect(done.result.violations[0]!.link.startsWith('http://127.0.0.1:4315/#s=1.')).toBe(true);
    expect(done.memory.tables).toBeGreaterThan(0);
  });

  it('a cancel ends the run with what was found so far', () => {
    const h = harness();
    h.host({ v: V, type: 'start', id: 2, scope: { ...PCI, kernel: { profile: 'latest' }, modules: ['memfd'], files: [{ kind: 'memfd' }, { kind: 'memfd' }], sessions: 2, kexecs: 1, ops: undefined, depth: 40 }, shareBase: 'http://x/' });
    h.queue.shift()!(); // the first slice
    expect(h.out.at(-1)!.type).toBe('progress');
    h.host({ v: V, type: 'cancel', id: 2 });
    h.drain();
    const done = h.out.at(-1)!;
    expect(done.type === 'done' && done.result.stop).toBe('cancelled');
  });

  it('answers an invalid scope with a failure naming the field, and ignores foreign messages', () => {
    const h = harness();
    h.host({ v: V, type: 'start', id: 3, scope: { ...PCI, sessions: 12 }, shareBase: 'http://x/' });
    expect(h.out).toEqual([{ v: V, type: 'failed', id: 3, message: expect.stringContaining('field "sessions": 12 is out of range') }]);
    h.host({ v: 99, type: 'start', id: 4, scope: PCI, shareBase: 'http://x/' });
    h.host('hello');
    h.drain();
    expect(h.out).toHaveLength(1);
  });
});

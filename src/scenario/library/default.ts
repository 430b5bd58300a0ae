// The scenario the app opens with: one FLB shared by two handlers in two sessions, carried
// across a kexec, retrieved on demand and finished after its last user.
import type { Scenario } from '../types';

export const DEFAULT_SCENARIO: Scenario = {
  format: 'luoscope-scenario',
  version: 2, // 'latest' is the newest release (7.3)
  title: 'One hugetlb FLB shared by two handlers, across a kexec',
  description:
    'Two VMs keep their memory across a kexec. vm1 uses a hugetlb memfd, vm2 a guest_memfd; both handlers depend on the FLB hugetlb-v1, so it is preserved with the first file and finished after the last.',
  kernel: { profile: 'latest', patches: [], liveupdate: true },
  boot: { modules: ['memfd', 'hugetlb', 'guest-memfd'] },
  steps: [
    { op: 'open_device', as: 'luo', expect: 'ok' },
    { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
    { op: 'create_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
    { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram1', data: 'vm1 guest RAM', expect: 'ok' },
    { op: 'create_file', kind: 'memfd', as: 'cfg1', data: 'vm1 config', expect: 'ok' },
    { op: 'create_file', kind: 'guest-memfd', as: 'ram2', data: 'vm2 private memory', expect: 'ok' },
    { op: 'preserve_fd', session: 's1', fd: 'ram1', token: 1, expect: 'ok', note: 'first file depending on hugetlb-v1: the FLB preserve() runs before the handler preserve()' },
    { op: 'preserve_fd', session: 's1', fd: 'cfg1', token: 2, expect: 'ok', note: 'memfd-v1 has no FLB' },
    { op: 'preserve_fd', session: 's2', fd: 'ram2', token: 1, expect: 'ok', note: 'another handler, another session, same FLB: only its count goes up' },
    { op: 'kexec', expect: 'ok', note: 'freeze() on every file, sessions then FLBs serialized into the handover image' },
    { op: 'open_device', as: 'luo', expect: 'ok', note: 'the first open deserializes the incoming sessions' },
    { op: 'flb_get_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'the hugetlb subsystem retrieves its FLB on demand (and holds a reference)' },
    { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
    { op: 'retrieve_fd', session: 's1', token: 1, as: 'ram1', expect: 'ok' },
    { op: 'read', fd: 'ram1', data: 'vm1 guest RAM', expect: 'ok' },
    { op: 'retrieve_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
    { op: 'retrieve_fd', session: 's2', token: 1, as: 'ram2', expect: 'ok' },
    { op: 'finish', session: 's1', expect: 'ok', note: 'cfg1 was never retrieved: finish() discards it' },
    { op: 'finish', session: 's2', expect: 'ok', note: 'the last dependent file finished, but the subsystem still holds its reference' },
    { op: 'flb_put_incoming', flb: 'hugetlb-v1', expect: 'ok', note: 'the last reference: the FLB finish() runs now' },
    { op: 'close', fd: 's1', expect: 'ok' },
    { op: 'close', fd: 's2', expect: 'ok' },
  ],
};

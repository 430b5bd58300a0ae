import type { Scenario } from '../../types';
import { openDevice, singleBoot } from './helpers';

/** liveupdate.c: preserve_complex_scenario */
export const preserveComplexScenario: Scenario = singleBoot({
  title: 'Two sessions, data and empty memfds (selftest preserve_complex_scenario)',
  description: 'Two sessions each get one memfd with data and one empty memfd; zero-size memfds are accepted.',
  steps: [
    openDevice(),
    { op: 'create_session', device: 'luo', name: 'complex-session-1', as: 's1', expect: 'ok' },
    { op: 'create_session', device: 'luo', name: 'complex-session-2', as: 's2', expect: 'ok' },
    {
      op: 'create_file',
      kind: 'memfd',
      as: 'data1',
      data: 'data for session 1',
      expect: 'ok',
      note: 'memfd_create("data1") and write().',
    },
    { op: 'create_file', kind: 'memfd', as: 'empty1', expect: 'ok', note: 'memfd_create("empty1"); nothing is written.' },
    {
      op: 'create_file',
      kind: 'memfd',
      as: 'data2',
      data: 'data for session 2',
      expect: 'ok',
      note: 'memfd_create("data2") and write().',
    },
    { op: 'create_file', kind: 'memfd', as: 'empty2', expect: 'ok', note: 'memfd_create("empty2"); nothing is written.' },
    { op: 'preserve_fd', session: 's1', fd: 'data1', token: 0x1111, expect: 'ok' },
    { op: 'preserve_fd', session: 's1', fd: 'empty1', token: 0x2222, expect: 'ok', note: 'A zero-size memfd is accepted.' },
    { op: 'preserve_fd', session: 's2', fd: 'data2', token: 0x3333, expect: 'ok' },
    { op: 'preserve_fd', session: 's2', fd: 'empty2', token: 0x4444, expect: 'ok' },
    { op: 'read', fd: 'data1', data: 'data for session 1', expect: 'ok', note: 'lseek(0) then read().' },
    { op: 'read', fd: 'data2', data: 'data for session 2', expect: 'ok', note: 'lseek(0) then read().' },
    { op: 'read', fd: 'empty1', data: '', expect: 'ok', note: 'lseek(0) then read() returns 0 bytes.' },
    { op: 'read', fd: 'empty2', data: '', expect: 'ok', note: 'lseek(0) then read() returns 0 bytes.' },
    { op: 'close', fd: 'data1', expect: 'ok' },
    { op: 'close', fd: 'empty1', expect: 'ok' },
    { op: 'close', fd: 'data2', expect: 'ok' },
    { op: 'close', fd: 'empty2', expect: 'ok' },
    { op: 'close', fd: 's1', expect: 'ok' },
    { op: 'close', fd: 's2', expect: 'ok' },
  ],
});

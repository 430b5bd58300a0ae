import { lessonScenario, type Lesson } from './lesson';

const title = 'The agent exits before the kexec: every session is lost';

export const agentExitsBeforeKexec: Lesson = {
  id: 'agent-exits-before-kexec',
  title,
  summary:
    'The process holding the session fds exits before the reboot: every fd closes, each session is released and unpreserved, and the next kernel has nothing to retrieve.',
  teaches:
    'Sessions live on their own anonymous-inode fds; closing /dev/liveupdate (luo_release()) leaves them alone, but when the process exits the kernel closes every fd, and each last close of a session fd runs luo_session_release() → luo_file_unpreserve_files(). ' +
    'FLB counts drop with the files (the hugetlb-v1 FLB unpreserve() runs with its last user), so luo_session_serialize() and luo_flb_serialize() find nothing at reboot. ' +
    'This is why the kernel selftests daemonize a child that keeps the fds open across the reboot, and why a live-update agent must stay alive until the kexec.',
  tags: ['session', 'exit', 'close', 'unpreserve', 'flb', 'hugetlb', 'kexec', 'ENOENT', 'latest'],
  scenario: lessonScenario({
    title,
    description:
      'Two sessions preserve a memfd and a hugetlb memfd. Closing the device fd does not hurt them; the process exiting does: both sessions are released before the kexec.',
    modules: ['memfd', 'hugetlb'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm1', data: 'vm1 state', expect: 'ok' },
      { op: 'create_file', kind: 'hugetlb-memfd', as: 'ram2', data: 'vm2 guest RAM', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'm1', token: 1, expect: 'ok' },
      { op: 'preserve_fd', session: 's2', fd: 'ram2', token: 1, expect: 'ok', note: 'hugetlb-v1 FLB preserved (count 1).' },
      {
        op: 'close',
        fd: 'luo',
        expect: 'ok',
        note: 'luo_release() only clears the exclusive-open flag: sessions live on their own fds.',
      },
      { op: 'get_name', session: 's1', name: 'vm1', expect: 'ok', note: 'The session is untouched.' },
      {
        op: 'exit_agent',
        expect: 'ok',
        note: 'The process dies: every fd closes. Each session fd\'s last close releases the session and unpreserves its files; hugetlb-v1 goes 1 → 0 and its unpreserve() runs.',
      },
      { op: 'close', fd: 's1', expect: 'EBADF', note: 'A new process: the old fd names mean nothing any more.' },
      { op: 'kexec', expect: 'ok', note: 'The handover holds no session and no FLB.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ENOENT' },
      { op: 'retrieve_session', device: 'luo', name: 'vm2', as: 's2', expect: 'ENOENT' },
      {
        op: 'flb_get_incoming',
        flb: 'hugetlb-v1',
        expect: 'ENOENT',
        note: 'The FLB area of the handover has no hugetlb-v1 entry either.',
      },
    ],
  }),
};

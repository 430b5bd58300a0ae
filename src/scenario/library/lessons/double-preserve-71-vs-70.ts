import { lessonScenario, type Lesson } from './lesson';

const title = 'Preserving one memfd twice: accepted on 7.0, EBUSY on 7.1';

export const doublePreserve71Vs70: Lesson = {
  id: 'double-preserve-71-vs-70',
  title,
  summary:
    'On 7.0 the same memfd can be preserved in two sessions (and through a dup); after a live update to 7.1 the same calls give EBUSY, because a file may be in only one session.',
  teaches:
    '7.1 added a global xarray, luo_preserved_files, keyed by the handler\'s get_id() (memfd: the inode) or the struct file: luo_preserve_file() inserts the id after choosing the handler and answers EBUSY when it is already there. ' +
    'Because memfd\'s id is the inode, a dup\'d fd of the same memfd collides too, and so does the same file under a new token in the same session (EBUSY, not EEXIST: the token check passes). ' +
    '7.0 has no such check, so one set of pages ends up preserved and unpreserved several times — the selftest prevent_double_preservation fails there.',
  tags: ['double-preserve', 'EBUSY', 'get_id', 'memfd', 'dup', '7.0', '7.1', 'version', 'kexec'],
  scenario: lessonScenario({
    title,
    description:
      'On 7.0 a memfd is preserved in sessions a and b, and its dup in b as well: all accepted. The sessions are closed and the machine live-updates to 7.1, where the same three calls give EBUSY.',
    kernel: { profile: '7.0' },
    modules: ['memfd'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'a', as: 'a', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'b', as: 'b', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'shared pages', expect: 'ok' },
      { op: 'dup', fd: 'm', as: 'm2', expect: 'ok' },
      { op: 'preserve_fd', session: 'a', fd: 'm', token: 1, expect: 'ok' },
      {
        op: 'preserve_fd',
        session: 'b',
        fd: 'm',
        token: 1,
        expect: 'ok',
        note: '7.0: nothing checks whether the file is already preserved elsewhere.',
      },
      { op: 'preserve_fd', session: 'b', fd: 'm2', token: 2, expect: 'ok', note: '7.0: the dup is accepted as well — the same pages, a third time.' },
      { op: 'close', fd: 'a', expect: 'ok', note: 'Unpreserved once…' },
      { op: 'close', fd: 'b', expect: 'ok', note: '…and twice more, for the same inode.' },
      { op: 'kexec', profile: '7.1', expect: 'ok', note: 'Live update from 7.0 to 7.1 (both read the FDT format with the luo-flb node).' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'a', as: 'a', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'b', as: 'b', expect: 'ok' },
      { op: 'create_file', kind: 'memfd', as: 'm', data: 'shared pages', expect: 'ok' },
      { op: 'dup', fd: 'm', as: 'm2', expect: 'ok' },
      { op: 'preserve_fd', session: 'a', fd: 'm', token: 1, expect: 'ok', note: 'The inode enters luo_preserved_files.' },
      { op: 'preserve_fd', session: 'b', fd: 'm', token: 1, expect: 'EBUSY', note: '7.1: already preserved in session a.' },
      { op: 'preserve_fd', session: 'b', fd: 'm2', token: 2, expect: 'EBUSY', note: 'A dup has the same inode: memfd get_id() collides.' },
      {
        op: 'preserve_fd',
        session: 'a',
        fd: 'm',
        token: 2,
        expect: 'EBUSY',
        note: 'Same session, new token: the token check passes, the file check says EBUSY.',
      },
      { op: 'close', fd: 'a', expect: 'ok' },
      { op: 'close', fd: 'b', expect: 'ok' },
    ],
  }),
};

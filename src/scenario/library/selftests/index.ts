// The Linux kernel's LUO selftests (tools/testing/selftests/liveupdate/) as luoscope scenarios,
// plus the same cases on older profiles where the kernel answers differently.
import type { Scenario } from '../../types';
import { basicOpenClose } from './basic-open-close';
import { createDistinctSessions } from './create-distinct-sessions';
import { createDuplicateSession } from './create-duplicate-session';
import { createSessionEmptyName } from './create-session-empty-name';
import { createSessionNoNullTermination } from './create-session-no-null-termination';
import { doublePreservation70 } from './double-preservation-7-0';
import { doublePreservation71 } from './double-preservation-7-1';
import { emptyName71 } from './empty-name-7-1';
import { exclusiveOpen } from './exclusive-open';
import { getName71 } from './get-name-7-1';
import { getSessionName } from './get-session-name';
import { getSessionNameMaxLength } from './get-session-name-max-length';
import { source } from './helpers';
import { kexecSimple } from './kexec-simple';
import { limitFiles71 } from './limit-files-7-1';
import { limitSessions71 } from './limit-sessions-7-1';
import { multiSession } from './multi-session';
import { noNullTermination71 } from './no-null-termination-7-1';
import { preserveComplexScenario } from './preserve-complex-scenario';
import { preserveManyFiles } from './preserve-many-files';
import { preserveManySessions } from './preserve-many-sessions';
import { preserveMemfd } from './preserve-memfd';
import { preserveMultipleMemfds } from './preserve-multiple-memfds';
import { preserveUnsupportedFd } from './preserve-unsupported-fd';
import { preventDoublePreservation } from './prevent-double-preservation';
import { stressFiles } from './stress-files';
import { stressSessions } from './stress-sessions';

export interface SelftestEntry {
  id: string;
  title: string;
  /** kernel file and case name */
  source: string;
  scenario: Scenario;
}

function entry(id: string, src: string, scenario: Scenario): SelftestEntry {
  return { id, title: scenario.title ?? id, source: src, scenario };
}

const A = 'liveupdate.c';

export const SELFTESTS: SelftestEntry[] = [
  // A. liveupdate.c, single boot, latest
  entry('basic-open-close', source(A, 'basic_open_close'), basicOpenClose),
  entry('exclusive-open', source(A, 'exclusive_open'), exclusiveOpen),
  entry('create-duplicate-session', source(A, 'create_duplicate_session'), createDuplicateSession),
  entry('create-distinct-sessions', source(A, 'create_distinct_sessions'), createDistinctSessions),
  entry('preserve-memfd', source(A, 'preserve_memfd'), preserveMemfd),
  entry('preserve-multiple-memfds', source(A, 'preserve_multiple_memfds'), preserveMultipleMemfds),
  entry('preserve-complex-scenario', source(A, 'preserve_complex_scenario'), preserveComplexScenario),
  entry('preserve-unsupported-fd', source(A, 'preserve_unsupported_fd'), preserveUnsupportedFd),
  entry('prevent-double-preservation', source(A, 'prevent_double_preservation'), preventDoublePreservation),
  entry('create-session-no-null-termination', source(A, 'create_session_no_null_termination'), createSessionNoNullTermination),
  entry('create-session-empty-name', source(A, 'create_session_empty_name'), createSessionEmptyName),
  entry('get-session-name', source(A, 'get_session_name'), getSessionName),
  entry('get-session-name-max-length', source(A, 'get_session_name_max_length'), getSessionNameMaxLength),
  entry('preserve-many-sessions', source(A, 'preserve_many_sessions'), preserveManySessions),
  entry('preserve-many-files', source(A, 'preserve_many_files'), preserveManyFiles),
  // C–F. two-stage kexec tests, latest, memfd + test FLBs
  entry('kexec-simple', source('luo_kexec_simple.c'), kexecSimple),
  entry('multi-session', source('luo_multi_session.c'), multiSession),
  entry('stress-sessions', source('luo_stress_sessions.c'), stressSessions),
  entry('stress-files', source('luo_stress_files.c'), stressFiles),
  // fixed limits before the linked-block series
  entry('limit-sessions-7.1', source(A, 'preserve_many_sessions (7.1: 819-session limit)'), limitSessions71),
  entry('limit-files-7.1', source(A, 'preserve_many_files (7.1: 128-file limit)'), limitFiles71),
  // version variants
  entry('create-session-empty-name-7.1', source(A, 'create_session_empty_name (7.1)'), emptyName71),
  entry('create-session-no-null-termination-7.1', source(A, 'create_session_no_null_termination (7.1)'), noNullTermination71),
  entry('get-session-name-7.1', source(A, 'get_session_name (7.1)'), getName71),
  entry('prevent-double-preservation-7.0', source(A, 'prevent_double_preservation (7.0)'), doublePreservation70),
  entry('prevent-double-preservation-7.1', source(A, 'prevent_double_preservation (7.1)'), doublePreservation71),
];

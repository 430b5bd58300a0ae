// Builders shared by the selftest scenarios: the kernel selftests' own helpers
// (tools/testing/selftests/liveupdate/luo_test_utils.c, lib/lu_utils.c) as scenario steps.
import type { KernelConfig, ProfileId, Scenario, Step, TokenInput } from '../../types';

export const SELFTEST_DIR = 'tools/testing/selftests/liveupdate';

/** `source` of an index entry: kernel file and case name. */
export function source(file: string, testCase?: string): string {
  return testCase ? `${SELFTEST_DIR}/${file}: ${testCase}` : `${SELFTEST_DIR}/${file}`;
}

export function kernel(profile: ProfileId): KernelConfig {
  return { profile, patches: [], liveupdate: true };
}

/** The kernel selftest config (CONFIG_LIVEUPDATE_TEST) links three test FLBs to the memfd handler. */
export const KEXEC_MODULES = ['memfd', 'test-flbs'];

interface ScenarioText {
  title: string;
  description: string;
  steps: Step[];
}

/** One liveupdate.c case: a single boot, memfd handler only. */
export function singleBoot(text: ScenarioText, profile: ProfileId = 'latest'): Scenario {
  return {
    format: 'luoscope-scenario',
    version: 1,
    title: text.title,
    description: text.description,
    kernel: kernel(profile),
    boot: { modules: ['memfd'] },
    steps: text.steps,
  };
}

/** One two-stage kexec test: stage 1, kexec, stage 2 in one scenario. */
export function kexecTest(text: ScenarioText): Scenario {
  return {
    format: 'luoscope-scenario',
    version: 1,
    title: text.title,
    description: text.description,
    kernel: kernel('latest'),
    boot: { modules: [...KEXEC_MODULES] },
    steps: text.steps,
  };
}

/** The fixture's first step in every liveupdate.c case. */
export function openDevice(as = 'luo'): Step {
  return {
    op: 'open_device',
    as,
    expect: 'ok',
    note: 'open("/dev/liveupdate", O_RDWR); ENOENT would SKIP the case. Each case runs in its own forked child, so the exclusive device is free.',
  };
}

// ---------------------------------------------------------------------------------------
// Two-stage kexec tests (luo_test(), create_state_file(), create_and_preserve_memfd(), ...)

/** luo_test() before the kexec: open the device; RETRIEVE_SESSION(state) gives ENOENT, so stage 1. */
export function detectStage1(stateName: string): Step[] {
  return [
    {
      op: 'open_device',
      as: 'luo',
      expect: 'ok',
      note: 'luo_test(): open /dev/liveupdate (a failure SKIPs the whole test).',
    },
    {
      op: 'retrieve_session',
      device: 'luo',
      name: stateName,
      as: 'probe',
      expect: 'ENOENT',
      note: 'Stage detection: no incoming state session on a cold boot, so this run is stage 1.',
    },
  ];
}

/**
 * create_and_preserve_memfd(): memfd_create("test_mfd"), ftruncate to one page, write the text
 * through a shared mapping, PRESERVE_FD, then close the memfd.
 */
export function createAndPreserveMemfd(session: string, token: TokenInput, data: string, as: string): Step[] {
  return [
    {
      op: 'create_file',
      kind: 'memfd',
      as,
      data,
      expect: 'ok',
      note: 'memfd_create("test_mfd"), ftruncate to one page, the text written through mmap (NUL terminated).',
    },
    { op: 'preserve_fd', session, fd: as, token, expect: 'ok' },
    {
      op: 'close',
      fd: as,
      note: 'The helper closes its memfd right after preserving it; LUO keeps its own reference, so the file stays preserved.',
    },
  ];
}

/** create_state_file(): the state session plus a memfd holding the next stage ("2"). */
export function createStateFile(stateName: string, token: TokenInput): Step[] {
  return [
    {
      op: 'create_session',
      device: 'luo',
      name: stateName,
      as: 'state',
      expect: 'ok',
      note: 'create_state_file(): the state session fd is kept open on purpose; closing it would unpreserve its memfd.',
    },
    ...createAndPreserveMemfd('state', token, '2', 'state_mfd'),
  ];
}

/** End of every stage 1: close /dev/liveupdate, daemonize, reboot(RB_KEXEC). */
export function endStage1(): Step[] {
  return [
    {
      op: 'close',
      fd: 'luo',
      note: 'Stage 1 closes its /dev/liveupdate fd before daemonizing; this does not affect the sessions.',
    },
    {
      op: 'kexec',
      expect: 'ok',
      note:
        'daemonize_and_wait(): the kernel test forks a child that keeps the session fds open while the parent exits 0; ' +
        'here the agent simply keeps them. Then reboot(RB_KEXEC) serializes every open session into the same kernel.',
    },
  ];
}

/** luo_test() after the kexec: the first open deserializes; the state session is found, so stage 2. */
export function detectStage2(stateName: string): Step[] {
  return [
    {
      op: 'open_device',
      as: 'luo',
      expect: 'ok',
      note: 'luo_test() run with --stage 2: the first open of /dev/liveupdate deserializes the incoming sessions.',
    },
    {
      op: 'retrieve_session',
      device: 'luo',
      name: stateName,
      as: 'state',
      expect: 'ok',
      note: 'Stage detection: the state session came across the kexec, so this run is stage 2.',
    },
  ];
}

/** restore_and_read_stage(): retrieve the state memfd, read it, the stage must be 2; close it. */
export function restoreAndReadStage(token: TokenInput): Step[] {
  return [
    { op: 'retrieve_fd', session: 'state', token, as: 'stage_mfd', expect: 'ok' },
    {
      op: 'read',
      fd: 'stage_mfd',
      data: '2',
      expect: 'ok',
      note: 'restore_and_read_stage(): read() from position 0 (the text was written through mmap) and parse it; the stage must be 2.',
    },
    { op: 'close', fd: 'stage_mfd' },
  ];
}

/** restore_and_verify_memfd(): RETRIEVE_FD, then the mapped page must read `data`. */
export function restoreAndVerifyMemfd(session: string, token: TokenInput, data: string, as: string): Step[] {
  return [
    { op: 'retrieve_fd', session, token, as, expect: 'ok' },
    {
      op: 'read',
      fd: as,
      data,
      expect: 'ok',
      note: 'restore_and_verify_memfd() maps the page read-only and compares its string; here the content is read back.',
    },
  ];
}

/** luo_session_finish() must return 0; then the session fd is closed. */
export function finishAndClose(session: string, note?: string): Step[] {
  const finish: Step = note ? { op: 'finish', session, expect: 'ok', note } : { op: 'finish', session, expect: 'ok' };
  return [finish, { op: 'close', fd: session }];
}

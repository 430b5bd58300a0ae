// Scenario format v1 (../shared/SPEC.md §2): the recorded inputs that fully determine a run.

/** Mainline releases with LUO, oldest first (engine/profiles.ts; ../shared/reference/kernel-luo-2026.md §1). */
export type ReleaseId = '6.19' | '7.0' | '7.1' | '7.2' | '7.3';
export const RELEASE_IDS: readonly ReleaseId[] = ['6.19', '7.0', '7.1', '7.2', '7.3'];
/** What `latest` means in a scenario of format 2 (and in every new scenario). */
export const NEWEST_RELEASE: ReleaseId = '7.3';

/**
 * A kernel the engine runs: a release, or `v1-latest`, the kernel that `latest` meant in
 * format 1 (the 2026 liveupdate `next` tree: 7.2-rc with the kho_block series, without the
 * three fixes merged after 7.2-rc6). Old links keep it for ever.
 */
export type KernelId = ReleaseId | 'v1-latest';
/** Kernel profiles a scenario may name: a kernel, or the alias `latest` (see resolveProfileId). */
export type ProfileId = KernelId | 'latest';
export const PROFILE_IDS: readonly ProfileId[] = [...RELEASE_IDS, 'latest', 'v1-latest'];

/** Scenario format versions: 2 differs from 1 only in what `latest` means. */
export type ScenarioVersion = 1 | 2;
export const SCENARIO_VERSION: ScenarioVersion = 2;

/** The kernel a profile id names in a scenario of the given format version. */
export function resolveProfileId(id: ProfileId, version: ScenarioVersion): KernelId {
  if (id !== 'latest') return id;
  return version === 1 ? 'v1-latest' : NEWEST_RELEASE;
}

/** Optional patches: on the kernels that lack them (the three fixes are mainline from 7.2). */
export type PatchId = 'flb-outgoing-refcount' | 'flb-retrieve-status' | 'finish-reserved' | 'lock-api-v6';
export const PATCH_IDS: readonly PatchId[] = ['flb-outgoing-refcount', 'flb-retrieve-status', 'finish-reserved', 'lock-api-v6'];

/** A u64 token: a number, or a string such as "0x1a" (needed above 2^53). */
export type TokenInput = number | string;

/** What a step expects: "ok" or an errno name such as "EEXIST". */
export type Expectation = string;

/** A module a scenario defines itself (SPEC 1.2: "custom modules"). */
export interface CustomModule {
  id: string;
  /** compatible string of the handler it registers, e.g. "mydrv-v1" */
  handler: string;
  /** file kinds its can_preserve() accepts */
  accepts: string[];
  /** FLB compatibles linked to the handler, in link order */
  flbs?: string[];
  /** optional handler callbacks it implements (default: none) */
  ops?: OptionalHandlerOp[];
}

export type OptionalHandlerOp = 'freeze' | 'unfreeze' | 'can_finish' | 'get_id';

export interface KernelConfig {
  profile?: ProfileId;
  patches?: PatchId[];
  /** the `liveupdate` kernel command line switch (default true) */
  liveupdate?: boolean;
}

interface StepBase {
  expect?: Expectation;
  /** free text shown beside the step (library lessons) */
  note?: string;
}

export type Step = StepBase &
  (
    | { op: 'open_device'; as: string }
    | { op: 'close'; fd: string }
    | { op: 'create_session'; device: string; name: string; as: string; size?: number }
    | { op: 'retrieve_session'; device: string; name: string; as: string; size?: number }
    | { op: 'preserve_fd'; session: string; fd: string; token: TokenInput; size?: number }
    | { op: 'retrieve_fd'; session: string; token: TokenInput; as: string; size?: number }
    | { op: 'finish'; session: string; reserved?: number; size?: number }
    | { op: 'get_name'; session: string; reserved?: number; size?: number; name?: string }
    | { op: 'create_file'; kind: string; as: string; data?: string }
    | { op: 'write'; fd: string; data: string }
    | { op: 'read'; fd: string; data?: string }
    | { op: 'dup'; fd: string; as: string }
    | { op: 'exit_agent' }
    | { op: 'kexec'; profile?: ProfileId; patches?: PatchId[]; modules?: string[]; liveupdate?: boolean }
    | { op: 'register_module'; module: string }
    | { op: 'unregister_module'; module: string }
    | { op: 'flb_get_incoming'; flb: string }
    | { op: 'flb_put_incoming'; flb: string }
    | { op: 'flb_get_outgoing'; flb: string }
    | { op: 'flb_put_outgoing'; flb: string }
    | InjectStep
  );

export interface InjectStep {
  op: 'inject';
  /** handler or FLB compatible, or "kho" for kho_finalize() */
  target: string;
  callback: string;
  errno?: string;
  /** for can_preserve / can_finish: the boolean the callback returns */
  result?: boolean;
  /** narrow the fault to one file: session name ... */
  session?: string;
  /** ... and token */
  token?: TokenInput;
}

export type StepOp = Step['op'];

export interface Scenario {
  format: 'luoscope-scenario';
  /** 1: `latest` is `v1-latest`; 2: `latest` is the newest release (NEWEST_RELEASE) */
  version: ScenarioVersion;
  title?: string;
  description?: string;
  kernel?: KernelConfig;
  boot?: { modules?: string[] };
  customModules?: CustomModule[];
  steps: Step[];
}

/** Every step op, in the order of the Step union (SPEC §2). */
export const STEP_OPS = [
  'open_device', 'close', 'create_session', 'retrieve_session', 'preserve_fd', 'retrieve_fd',
  'finish', 'get_name', 'create_file', 'write', 'read', 'dup', 'exit_agent', 'kexec',
  'register_module', 'unregister_module', 'flb_get_incoming', 'flb_put_incoming',
  'flb_get_outgoing', 'flb_put_outgoing', 'inject',
] as const satisfies readonly StepOp[];

/**
 * A scenario as validateScenario() returns it: defaults filled in (kernel profile "latest",
 * no patches, liveupdate on; boot modules ["memfd"] when none are given).
 */
export type ResolvedScenario = Scenario & {
  kernel: Required<KernelConfig>;
  boot: { modules: string[] };
};

// What the explorer can check (properties) and look for (state goals): ids and one line each.
// The checks themselves are in properties.ts; a scope names them by these ids.

/** SPEC §6, checked by the engine after every step (engine/invariants.ts, callbacks.ts, core.ts). */
export const INVARIANT_RULES = {
  'flb-outgoing-count': 'an FLB outgoing count equals the preserved files of its handlers (plus references)',
  'flb-preserve-once': 'an FLB preserve() runs exactly once per count 0 → 1',
  'flb-unpreserve-once': 'an FLB unpreserve() runs exactly once per count 1 → 0',
  'flb-finish-once': 'an FLB finish() runs at most once per kernel',
  'flb-finish-after-files': 'an FLB finish() runs only after every dependent file finished',
  'unique-tokens': 'tokens are unique in a session',
  'one-session-per-file': 'no file is preserved in two sessions (7.1 and later)',
  'no-callback-on-unregistered-handler': 'no callback runs on an unregistered handler',
  'handover-open-sessions': 'only sessions open at reboot cross the kexec',
} as const;

/** What a reviewer asks besides the invariants (properties.ts). */
export const REVIEW_PROPERTIES = {
  'flb-unpreserved-while-used': 'an FLB is not unpreserved while a preserved file still depends on it',
  'flb-finished-while-used': 'an FLB is not finished while an incoming file still depends on it',
  'flb-use-after-unpreserve': 'an FLB is not unpreserved while an in-kernel caller of flb_get_outgoing still holds its object',
  'flb-use-after-finish': 'an FLB is not finished while an in-kernel caller of flb_get_incoming still holds its object',
  'refcount-negative': 'no reference count (FLB, file, module pin) goes below zero',
  'file-refs': "a file's reference count equals its fds plus LUO's own references",
  'handler-gone': 'no preserved file is left with a handler that is no longer registered',
  'kernel-panic': 'the kernel does not panic',
  'file-lost': 'a preserved file goes only by finish or unpreserve, never silently',
  'data-mismatch': 'a retrieved file holds the data it had when the kexec began',
  'frozen-after-failed-kexec': 'after a failed kexec no file stays frozen (the freeze is rolled back)',
  'flb-retrieve-status': 'on a kernel that remembers it, a failed FLB retrieve() is remembered',
} as const;

export type InvariantRule = keyof typeof INVARIANT_RULES;
export type ReviewProperty = keyof typeof REVIEW_PROPERTIES;
export type PropertyId = InvariantRule | ReviewProperty;

export const PROPERTY_TITLES: Readonly<Record<PropertyId, string>> = { ...INVARIANT_RULES, ...REVIEW_PROPERTIES };
export const PROPERTY_IDS = Object.keys(PROPERTY_TITLES) as PropertyId[];
/** In a scope's `properties`: every engine invariant at once. */
export const ALL_INVARIANTS = 'invariants';

/** Named states a goal can ask for (properties.ts stateGoal). */
export const STATE_GOALS = {
  'flb-never-finishes': 'a session was retrieved, every file that depended on an FLB is gone, and the FLB can no longer finish',
  'session-held': 'a retrieved session is held: closed, but its finish failed, so it stays until the next live update',
  'file-retrieved': 'a preserved file is retrieved in the next kernel',
} as const;
export type StateGoalId = keyof typeof STATE_GOALS;
export const STATE_GOAL_IDS = Object.keys(STATE_GOALS) as StateGoalId[];

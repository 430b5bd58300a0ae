// Known bugs the explorer must find (src/explore/mutations.test.ts): each is a switch the
// engine checks at one place. Tests only: nothing in the app or the command line sets them.

/** The planted bugs, each named after what it breaks. */
export const MUTATION_IDS = [
  /** luo_flb_file_unpreserve(): the FLB unpreserve() runs with the first dependent file unpreserved, not the last */
  'flb-unpreserve-first',
  /** luo_flb_file_finish(): the FLB finish() runs one file early, before the last dependent file finished */
  'flb-finish-early',
  /** luo_session_serialize(): a failed freeze() returns without unfreezing the files frozen before it */
  'no-unfreeze-rollback',
  /** luo_flb_retrieve_one(): a failed retrieve() is not remembered, even on a kernel that remembers it */
  'flb-retrieve-error-forgotten',
  /** close(): the fd goes but the file's reference is not dropped */
  'close-keeps-ref',
] as const;

export type MutationId = (typeof MUTATION_IDS)[number];

/** Which mutations are on (all off unless a test turns them on). Read at the place each one breaks. */
export const MUTATED: Record<MutationId, boolean> = {
  'flb-unpreserve-first': false,
  'flb-finish-early': false,
  'no-unfreeze-rollback': false,
  'flb-retrieve-error-forgotten': false,
  'close-keeps-ref': false,
};

/** Turn on exactly these mutations (none: the real engine). */
export function setMutations(ids: readonly MutationId[]): void {
  for (const id of MUTATION_IDS) MUTATED[id] = ids.includes(id);
}

// One call from a validated scope to its results (the CLI and the tests; the worker slices it).
import { buildResult, type ExploreResult } from './result';
import type { ResolvedScope } from './scope';
import { createSearch, type SearchOptions } from './search';

export function explore(scope: ResolvedScope, opts: SearchOptions & { shareBase?: string } = {}): ExploreResult {
  const search = createSearch(scope, opts);
  search.run();
  return buildResult(search, opts);
}

// The preset scopes: every *.scope.json of this folder, as the command line runs them. The
// app's Explore tab offers them (the default first).
import type { Scope } from '../scope';

const files = import.meta.glob<Scope>('./*.scope.json', { eager: true, import: 'default' });

export interface Preset {
  /** the file name without .scope.json */
  id: string;
  scope: Scope;
}

/** The scope the Explore tab opens with. */
export const DEFAULT_PRESET = 'two-sessions-two-memfds';

export const PRESETS: Preset[] = Object.entries(files)
  .map(([path, scope]) => ({ id: path.replace(/^\.\//, '').replace(/\.scope\.json$/, ''), scope }))
  .sort((a, b) => (a.id === DEFAULT_PRESET ? -1 : b.id === DEFAULT_PRESET ? 1 : (a.scope.title ?? a.id).localeCompare(b.scope.title ?? b.id)));

// How the graph is drawn, as the reader chose it (kept across reloads): removed objects
// faded (the default) or hidden, so a lane's live objects can be read on their own.
import { create } from 'zustand';

const KEY = 'luoscope-hide-removed';

interface GraphPrefs {
  hideRemoved: boolean;
  setHideRemoved(on: boolean): void;
}

function saved(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export const useGraphPrefs = create<GraphPrefs>((set) => ({
  hideRemoved: saved(),
  setHideRemoved(hideRemoved) {
    set({ hideRemoved });
    try {
      globalThis.localStorage?.setItem(KEY, hideRemoved ? '1' : '0');
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  },
}));

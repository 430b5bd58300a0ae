// What a jump that found nothing says ("no later error"), for a few seconds, in the timeline.
import { create } from 'zustand';

interface Miss {
  text: string | null;
  /** bumps each time, so the same text said twice is announced twice */
  n: number;
  say(text: string): void;
  clear(): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;

export const useMiss = create<Miss>((set, get) => ({
  text: null,
  n: 0,
  say(text) {
    if (timer !== null) clearTimeout(timer);
    set({ text, n: get().n + 1 });
    timer = setTimeout(() => get().clear(), 4000);
  },
  clear: () => set({ text: null }),
}));

// Text panels during playback: at 60 frames a second nobody reads a paragraph that changes
// every frame, and redrawing it costs the graph its frame. They show the cursor sampled.
import { useEffect, useRef, useState } from 'react';

/** `value` itself, or while `on`, its latest value every `every` ms. */
export function useSampled<T>(value: T, every: number, on: boolean): T {
  const latest = useRef(value);
  const [sample, setSample] = useState(value);
  // while off, the sample keeps up (set during render, React's way to adjust state), so
  // playback starts from the cursor it started at, not from the last playback's
  if (!on && sample !== value) setSample(value);
  useEffect(() => {
    latest.current = value;
  });
  useEffect(() => {
    if (!on) return;
    const id = setInterval(() => setSample(latest.current), every);
    return () => clearInterval(id);
  }, [on, every]);
  return on ? sample : value;
}

/** How often a text panel follows the cursor while playing. */
export const PLAYING_TEXT_MS = 250;

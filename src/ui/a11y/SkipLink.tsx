// The first Tab stop: jumps past the header and the graph to the side panel's tabs. A button,
// not a #fragment link: the fragment is where scenarios and share links live.
const SKIP =
  'sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-sky-800 focus:px-3 focus:py-1.5 focus:text-sm focus:font-semibold focus:text-white';

export function SkipLink() {
  const go = () => document.querySelector<HTMLElement>('[role=tablist][aria-label="Side panel"] [role=tab][aria-selected=true]')?.focus();
  return (
    <button type="button" className={SKIP} onClick={go}>
      Skip to the side panel
    </button>
  );
}

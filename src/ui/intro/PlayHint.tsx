// A first view opens before the action (store/landing.ts introCursor): this says so, and
// where to go from there, until the cursor moves.
import { useLuo } from '../../store/store';
import { timelineActions } from '../timeline/actions';

export function PlayHint() {
  const show = useLuo((s) => s.introAt !== null && s.cursor === s.introAt && !s.playing && s.status === 'done');
  const kexec = useLuo((s) => s.timeline.marks.kexec.length > 0);
  if (!show) return null;
  return (
    <div role="status" data-testid="play-hint" className="absolute bottom-4 left-1/2 z-10 flex -translate-x-1/2 items-center gap-3 rounded-lg border border-sky-300 bg-white/95 px-3 py-2 text-sm text-slate-900 shadow-lg dark:border-sky-700 dark:bg-slate-900/95 dark:text-slate-100">
      <span>{kexec ? 'Everything is set up; the next step is the kexec.' : 'The kernel has booted; the scenario starts here.'} Press Play (Space) to watch what happens, or step with → and Shift+→.</span>
      <button type="button" className="shrink-0 rounded bg-sky-700 px-2 py-1 text-xs font-semibold text-white hover:bg-sky-800" onClick={() => timelineActions().togglePlay()}>
        ▶ Play
      </button>
    </div>
  );
}

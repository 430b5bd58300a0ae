// The safe-mode banner: the last run never ended, so the page started with the default
// scenario. The draft is kept (a file, or open it anyway) and the link is not opened.
import { useSafeStart } from '../store/guard';
import { useLuo, type Draft } from '../store/store';
import { download } from './files';
import { openFromLocation } from './open';

/** The kept draft's scenario as a file Import takes, or the stored text as it is. */
function draftFile(text: string): string {
  try {
    const d = JSON.parse(text) as Partial<Draft>;
    if (d && typeof d === 'object' && 'scenario' in d) return JSON.stringify(d.scenario, null, 2);
  } catch {
    // not JSON: the text as it is
  }
  return text;
}

export function SafeStartBanner() {
  const safe = useSafeStart((s) => s.safe);
  if (!safe) return null;
  const close = () => useSafeStart.setState({ safe: null });
  const openDraft = () => {
    let d: Draft | null;
    try {
      d = JSON.parse(safe.draft ?? '') as Draft;
    } catch {
      d = null;
    }
    if (!d || typeof d !== 'object' || !('scenario' in d) || !useLuo.getState().restore(d)) {
      useLuo.getState().setAlert('The kept draft is not a valid scenario, so nothing changed. Save it as a file to repair it.');
      return;
    }
    close();
  };
  return (
    <div role="alert" data-testid="safe-start" className="flex flex-wrap items-center gap-3 border-b border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      {safe.reason === 'crash' ? (
        <span className="flex-1">
          <strong>Safe start.</strong> The last run never finished (the tab may have crashed running it), so luoscope started with the default scenario
          {safe.hash ? ' and did not open the link' : ''}. {safe.draft ? `Your draft is kept${safe.keptAs ? ` (storage key ${safe.keptAs})` : ''}.` : ''}
        </span>
      ) : (
        <span className="flex-1">
          <strong>Your saved draft could not be opened</strong> (it is not a valid scenario here; a newer luoscope may have written it). It is kept
          {safe.keptAs ? ` (storage key ${safe.keptAs})` : ''}: save it as a file to repair it.
        </span>
      )}
      {safe.draft ? (
        <>
          <button type="button" className="underline" onClick={() => download('luoscope-draft.json', draftFile(safe.draft!))}>
            Save the draft as a file
          </button>
          {safe.reason === 'crash' ? (
            <button type="button" className="underline" onClick={openDraft}>
              Open the draft anyway
            </button>
          ) : null}
        </>
      ) : null}
      {safe.hash ? (
        <button
          type="button"
          className="underline"
          onClick={() => {
            close();
            openFromLocation(false);
          }}
        >
          Open the link anyway
        </button>
      ) : null}
      <button type="button" className="text-xs underline" onClick={close}>
        dismiss
      </button>
    </div>
  );
}

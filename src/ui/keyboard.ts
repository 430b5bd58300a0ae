// Global keys for the timeline (listed in the help sheet); ignored while typing in a field.
import { useLuo } from '../store/store';
import { timelineActions } from './timeline/actions';
import { jumpDivergence } from '../store/compare';

function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  return t instanceof HTMLInputElement && t.type !== 'range';
}

export function handleKey(e: KeyboardEvent, openHelp: () => void): void {
  if (typing(e.target)) return;
  // a modal dialog (help, confirm, trace) handles its own keys, Escape included
  if (document.querySelector('dialog[open]')) return;
  if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
    e.preventDefault();
    const s = useLuo.getState();
    if (e.key === 'y' || e.shiftKey) s.redo();
    else s.undo();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const a = timelineActions();
  const onButton = e.target instanceof HTMLButtonElement;
  const keys: Record<string, () => void> = {
    ' ': a.togglePlay,
    ArrowLeft: e.shiftKey ? a.stepBack : a.back,
    ArrowRight: e.shiftKey ? a.stepForward : a.forward,
    Home: a.start,
    End: a.end,
    k: () => a.jump('kexec', 1),
    K: () => a.jump('kexec', -1),
    c: () => a.jump('callback', 1),
    C: () => a.jump('callback', -1),
    e: () => a.jump('error', 1),
    E: () => a.jump('error', -1),
    d: () => jumpDivergence(1),
    D: () => jumpDivergence(-1),
    '?': openHelp,
    Escape: () => useLuo.getState().select(null),
  };
  if (e.key === ' ' && onButton) return; // Space activates the focused button
  const f = keys[e.key];
  if (!f) return;
  e.preventDefault();
  f();
}

// Drafts are never lost without a word (#12 item 3): validate before asking, and text
// typed in the editor but not run counts as unsaved work.
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../scenario/library/default';
import { useLuo } from './store';

const other = { format: 'luoscope-scenario', version: 1, title: 'other', steps: [{ op: 'open_device', as: 'd' }] };

beforeEach(() => {
  useLuo.setState({ runner: { run: () => {} }, pendingOpen: null, alert: null, editorText: null });
  useLuo.getState().load(DEFAULT_SCENARIO);
});

it('an invalid link over unsaved work: the alert at once, no question, nothing changed', () => {
  useLuo.setState({ dirty: true });
  useLuo.getState().requestOpen({ format: 'luoscope-scenario', version: 1, steps: [{ op: 'close', fd: 'nope' }] }, { source: 'The link' });
  const s = useLuo.getState();
  expect(s.pendingOpen).toBeNull();
  expect(s.alert).toMatch(/^The link: this scenario is not valid, so nothing changed/);
  expect(s.scenario).toEqual(DEFAULT_SCENARIO);
  expect(s.dirty).toBe(true);
});

it('unapplied editor text is unsaved work: a link asks first, and replacing clears it', () => {
  useLuo.getState().setEditorText({ base: '{}', text: '{ "typed": true' });
  useLuo.getState().requestOpen(other, { source: 'The link' });
  expect(useLuo.getState().pendingOpen).not.toBeNull();
  expect(useLuo.getState().scenario?.title).toBe(DEFAULT_SCENARIO.title);
  useLuo.getState().answerOpen(false);
  expect(useLuo.getState().editorText).not.toBeNull();
  useLuo.getState().requestOpen(other, { source: 'The link' });
  useLuo.getState().answerOpen(true);
  expect(useLuo.getState().scenario?.title).toBe('other');
  expect(useLuo.getState().editorText).toBeNull();
});

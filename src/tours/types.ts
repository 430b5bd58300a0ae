// Guided tours are data: stops that wait for real engine events before they narrate, and may
// ask the learner to predict what happens next before revealing it.
import type { EventType } from '../engine/events';
import type { Scenario } from '../scenario/types';
import type { CompareKernel } from '../compare/config';

/** A partial event: every field given must equal the event's field (type is required). */
export type EventMatch = { type: EventType } & Record<string, string | number | boolean | undefined>;

export interface Prediction {
  question: string;
  choices: string[];
  /** index into choices */
  answer: number;
  /** why the answer is right, shown after the learner answered */
  why: string;
}

export interface TourStop {
  title: string;
  /** the narration, shown once the awaited event has happened */
  text: string;
  /** the engine event this stop waits for: the first match after the previous stop */
  waitFor?: EventMatch;
  /** asked before the awaited event is revealed */
  predict?: Prediction;
  /** switch to another of the tour's scenarios at this stop (its timeline starts over) */
  scenario?: string;
  /** two of the tour's scenarios whose traces are shown side by side at this stop */
  compare?: { left: string; right: string; leftLabel: string; rightLabel: string };
  /** compare mode at this stop: the stop's scenario (A, whose events the stop waits for) is
   * run on kernel B as well, both graphs side by side with the difference table */
  compareWith?: { b: CompareKernel; aLabel: string; bLabel: string };
  /** kernel function(s) this stop is about, for the "models" line */
  kernel?: string;
}

export interface Tour {
  id: string;
  title: string;
  summary: string;
  /** the scenarios the tour runs, by key; the first stop uses `start` */
  scenarios: Record<string, Scenario>;
  start: string;
  stops: TourStop[];
}

import { expect, it } from 'vitest';
import { findTour } from '../tours';
import { parseTourFragment } from './tour';

it('a stop beyond the tour opens the last one and says so', () => {
  const n = findTour('what-survives')!.stops.length;
  expect(parseTourFragment('#tour=what-survives&stop=2')).toEqual({ id: 'what-survives', stop: 1 });
  expect(parseTourFragment(`#tour=what-survives&stop=${n}`)).toEqual({ id: 'what-survives', stop: n - 1 });
  expect(parseTourFragment('#tour=what-survives&stop=99999999')).toEqual({
    id: 'what-survives',
    stop: n - 1,
    warning: `The link's stop 99,999,999 is beyond the tour's ${n} stops, so it opened the last one (${n}).`,
  });
});

// Every guided tour, in the order the Learn tab lists them.
import type { Tour } from './types';
import { WHAT_SURVIVES } from './data/what-survives';

export const TOURS: Tour[] = [WHAT_SURVIVES];

export function findTour(id: string): Tour | undefined {
  return TOURS.find((t) => t.id === id);
}

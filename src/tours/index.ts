// Every guided tour, in the order the Learn tab lists them.
import type { Tour } from './types';
import { WHAT_SURVIVES } from './data/what-survives';
import { ONE_FILE_CALLBACKS } from './data/one-file-callbacks';
import { FLB_SHARED } from './data/flb-shared';
import { FLB_AFTER_KEXEC } from './data/flb-after-kexec';
import { WHEN_THINGS_FAIL } from './data/when-things-fail';
import { DESIGN_DEBATES } from './data/design-debates';

export const TOURS: Tour[] = [WHAT_SURVIVES, ONE_FILE_CALLBACKS, FLB_SHARED, FLB_AFTER_KEXEC, WHEN_THINGS_FAIL, DESIGN_DEBATES];

export function findTour(id: string): Tour | undefined {
  return TOURS.find((t) => t.id === id);
}

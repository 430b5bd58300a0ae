import type { Scenario } from '../../types';
import { preventDoublePreservationOn } from './prevent-double-preservation';

/** liveupdate.c: prevent_double_preservation, on 7.1 (EBUSY, as in latest) */
export const doublePreservation71: Scenario = preventDoublePreservationOn('7.1');

import type { Scenario } from '../../types';
import { preventDoublePreservationOn } from './prevent-double-preservation';

/** liveupdate.c: prevent_double_preservation, on 7.0 (no EBUSY check) */
export const doublePreservation70: Scenario = preventDoublePreservationOn('7.0');

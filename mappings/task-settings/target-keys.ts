/** TargetMetadata keys only some targets read: an error at another value (validate), dropped at a default (normalize). */
import { PARALLEL_APPLY_TARGETS, PARALLEL_QUEUE_TARGETS, type TargetEngine } from '../target-capabilities';

/** TargetMetadata keys that only some targets read, with the targets. */
export const OTHER_TARGET_KEYS: [
  'ParallelLoadQueuesPerThread' | 'ParallelApplyThreads' | 'ParallelApplyBufferSize' | 'ParallelApplyQueuesPerThread',
  readonly TargetEngine[],
][] = [
  ['ParallelLoadQueuesPerThread', PARALLEL_QUEUE_TARGETS],
  ['ParallelApplyThreads', PARALLEL_APPLY_TARGETS],
  ['ParallelApplyBufferSize', PARALLEL_APPLY_TARGETS],
  ['ParallelApplyQueuesPerThread', PARALLEL_APPLY_TARGETS],
];

/**
 * Values that mean "not used": 0, which DMS saves for every target (the guide's "Saving task settings"
 * example), and the documented defaults (TargetMetadata task settings: queues per thread 1, apply buffer 100).
 */
export const DEFAULTS: Record<(typeof OTHER_TARGET_KEYS)[number][0], readonly number[]> = {
  ParallelLoadQueuesPerThread: [0, 1],
  ParallelApplyThreads: [0],
  ParallelApplyBufferSize: [0, 100],
  ParallelApplyQueuesPerThread: [0, 1],
};
export const isDefault = (key: keyof typeof DEFAULTS, value: unknown) => DEFAULTS[key].includes(value as number);

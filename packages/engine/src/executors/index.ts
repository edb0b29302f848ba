import type { Executors } from '../run-state';
import { runActionStep } from './action';
import { runCodeStep } from './code';
import { runDelay } from './delay';
import { runFilter } from './filter';
import { runPath } from './path';
import { runRepeater } from './repeater';

/** One executor per step type. */
export const EXECUTORS: Executors = {
  filter: runFilter,
  path: runPath,
  code: runCodeStep,
  repeater: runRepeater,
  action: runActionStep,
  delay: runDelay,
};

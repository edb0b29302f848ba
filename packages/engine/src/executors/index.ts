import type { Executors } from '../run-state';
import { runActionStep } from './action';
import { runCallStep } from './call';
import { runCodeStep } from './code';
import { runDelay } from './delay';
import { runFilter } from './filter';
import { runPath } from './path';
import { runRepeater } from './repeater';
import { runReturnStep } from './return';

/** One executor per step type. */
export const EXECUTORS: Executors = {
  filter: runFilter,
  path: runPath,
  code: runCodeStep,
  repeater: runRepeater,
  action: runActionStep,
  call: runCallStep,
  return: runReturnStep,
  delay: runDelay,
};

import type { Executors } from '../run-state';
import { runActionStep } from './action';
import { runCallStep } from './call';
import { runCodeStep } from './code';
import { runFailStep } from './fail';
import { runDelay } from './delay';
import { runFilter } from './filter';
import { runPath } from './path';
import { runRepeater } from './repeater';
import { runRespond } from './respond';
import { runReturnStep } from './return';

/** One executor per step type. */
export const EXECUTORS: Executors = {
  filter: runFilter,
  path: runPath,
  code: runCodeStep,
  repeater: runRepeater,
  action: runActionStep,
  fail: runFailStep,
  respond: runRespond,
  call: runCallStep,
  return: runReturnStep,
  delay: runDelay,
};

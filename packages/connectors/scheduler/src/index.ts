import { defineConnector } from '@konnect/sdk';
import { icon } from './icon';
import { schedule } from './schedule';

export { schedule, fireEvent } from './schedule';
export { nextFireTimes, MAX_FIRES } from './fires';
export { scheduleInput, isTimeZone, cronProblem, type ScheduleInput } from './input';

export const schedulerConnector = defineConnector({
  key: 'scheduler',
  name: 'Scheduler',
  description: 'Run konnectors on a schedule: every few minutes, or on a cron expression in your time zone.',
  category: 'tool',
  icon,
  auth: { kind: 'none' },
  triggers: [schedule],
  actions: [],
});

export default schedulerConnector;

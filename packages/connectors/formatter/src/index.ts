import { defineConnector } from '@konnect/sdk';
import { date } from './date';
import { icon } from './icon';
import { number } from './number';
import { text } from './text';

export { text, formatText, textInput } from './text';
export { number, formatNumber, numberInput } from './number';
export { date, formatDate, dateInput } from './date';
export { parseNumber } from './numbers';
export { readDate } from './dates';

export const formatterConnector = defineConnector({
  key: 'formatter',
  name: 'Formatter',
  description: 'Reshape data between steps: text, numbers, dates and times.',
  category: 'tool',
  icon,
  auth: { kind: 'none' },
  triggers: [],
  actions: [text, number, date],
});

export default formatterConnector;

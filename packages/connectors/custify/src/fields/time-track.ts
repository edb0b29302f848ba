import { z } from 'zod';
import { internalId, isoDate, text } from './common';

export const timeTrackId = internalId('Time track ID', 'Internal Custify id of the time track.');
export const timeTrackAttributes = {
  description: text('Description').optional(),
  date: isoDate('Date', 'When the work was done; defaults to today.').optional(),
  userId: text('User', 'Custify user id of who did the work.').optional(),
};
export const minutes = z
  .number()
  .int('Minutes must be a whole number')
  .positive('Minutes must be more than 0')
  .meta({ label: 'Minutes', description: 'Time spent, in minutes.' });

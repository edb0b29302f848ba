import { z } from 'zod';
import { isoDate, text } from './common';
import { personId } from './person';

export function scoreFields(min: number, max: number) {
  return {
    person_id: personId,
    score: z
      .number()
      .int(`Score must be a whole number from ${min} to ${max}`)
      .min(min, `Score must be from ${min} to ${max}`)
      .max(max, `Score must be from ${min} to ${max}`)
      .meta({ label: 'Score', description: `A whole number from ${min} to ${max}.` }),
    comment: text('Comment').optional(),
    submittedAt: isoDate('Submitted at', 'ISO-8601 time of the answer; defaults to now.').optional(),
  };
}

import { z } from 'zod';
import { entityFields, internalId } from './common';

export const commentId = internalId('Comment ID', 'Internal Custify id of the comment.');
export const commentTarget = entityFields('comment');
export const commentText = z
  .string()
  .trim()
  .min(1, 'Text must not be empty')
  .meta({ label: 'Text', description: 'The comment.', multiline: true });

import { z } from 'zod';
import { internalId, text } from './common';

export const noteId = internalId('Note ID', 'Internal Custify id of the note.');
export const noteSubject = text('Subject');
export const noteText = z
  .string()
  .min(1, 'Text must not be empty')
  .meta({ label: 'Text', description: 'The note body (HTML allowed).', multiline: true });

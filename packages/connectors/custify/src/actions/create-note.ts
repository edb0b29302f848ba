import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { entityFields } from '../fields/common';
import { noteSubject, noteText } from '../fields/note';
import { callForRecord } from '../request';

export const createNote = action({
  key: 'create_note',
  name: 'Create Note',
  group: 'Notes',
  description: 'Adds a note to a company or a person.',
  input: z.object({ ...entityFields('note'), subject: noteSubject, text: noteText }),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.createNote, { body: input }),
});

import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { noteId, noteSubject, noteText } from '../fields/note';
import { callForRecord } from '../request';

export const updateNote = action({
  key: 'update_note',
  name: 'Update Note',
  group: 'Notes',
  description: "Changes a note's subject and/or text, by the note's internal id.",
  input: z.object({ id: noteId, subject: noteSubject.optional(), text: noteText.optional() }),
  run: ({ input, http }) => {
    const { id, ...fields } = input;
    return callForRecord(http, ENDPOINTS.updateNote, { path: { id }, body: fields });
  },
});

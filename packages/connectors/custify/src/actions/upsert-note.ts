import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { entityModel, internalId, requireUnless } from '../fields/common';
import { noteId, noteSubject, noteText } from '../fields/note';
import { callForRecord } from '../request';

export const upsertNote = action({
  key: 'upsert_note',
  name: 'Upsert Note',
  group: 'Notes',
  description: 'Updates the note when a note id is given, else creates it on the given company or person.',
  input: z
    .object({
      id: noteId.optional(),
      entity: internalId('Entity ID', 'Internal id of the company or person (needed to create).').optional(),
      entityModel: entityModel.optional(),
      subject: noteSubject,
      text: noteText,
    })
    .superRefine(requireUnless('id', ['entity', 'entityModel'])),
  run: ({ input, http }) => {
    const { id, entity, entityModel: model, ...fields } = input;
    if (id) return callForRecord(http, ENDPOINTS.updateNote, { path: { id }, body: fields });
    return callForRecord(http, ENDPOINTS.createNote, { body: { entity, entityModel: model, ...fields } });
  },
});

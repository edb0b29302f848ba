import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { entityFields, text } from '../fields/common';
import { fileContent, mimeTypeFor, parseBase64 } from '../fields/file';
import { callForRecord } from '../request';

export const uploadFile = action({
  key: 'upload_file',
  name: 'Upload File',
  group: 'Files',
  description:
    'Uploads a file (base64 content) to a company or person, as multipart/form-data. The file starts hidden from the customer portal.',
  input: z.object({
    ...entityFields('file'),
    filename: text('File name', 'e.g. contract.pdf').refine((v) => !/[\\/]/.test(v), 'File name must not contain / or \\'),
    content: fileContent,
    mimeType: text('MIME type', 'Defaults to the data: URL type, else a guess from the file name.').optional(),
  }),
  run: ({ input, http }) => {
    const { base64, mimeType: dataUrlType } = parseBase64(input.content);
    const type = input.mimeType ?? dataUrlType ?? mimeTypeFor(input.filename);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(base64, 'base64')], { type }), input.filename);
    form.append('entity', input.entity);
    form.append('entityModel', input.entityModel);
    return callForRecord(http, ENDPOINTS.uploadFile, { body: form });
  },
});

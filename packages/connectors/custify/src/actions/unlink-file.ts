import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { fileId } from '../fields/file';
import { callForRecord } from '../request';

export const unlinkFile = action({
  key: 'unlink_file',
  name: 'Unlink File',
  group: 'Files',
  description: 'Detaches a file from its company or person; the file itself is kept.',
  input: z.object({ id: fileId }),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.unlinkFile, { body: { id: input.id } }),
});

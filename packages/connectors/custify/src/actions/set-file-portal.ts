import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { fileId } from '../fields/file';
import { callForRecord } from '../request';

export const setFilePortal = action({
  key: 'set_file_portal',
  name: 'Enable/Disable File in Portal',
  group: 'Files',
  description: 'Shows a file in the customer portal, or hides it.',
  input: z.object({
    id: fileId,
    showInPortal: z
      .boolean()
      .meta({ label: 'Show in portal', description: 'On to show the file in the customer portal, off to hide it.' }),
  }),
  run: ({ input, http }) =>
    callForRecord(http, ENDPOINTS.setFilePortal, { path: { id: input.id }, body: { showInPortal: input.showInPortal } }),
});

import { z } from 'zod';
import { action } from '../auth';
import { ENDPOINTS } from '../endpoints';
import { tagAttributes, tagCategory, tagName } from '../fields/tag';
import { callForRecord } from '../request';

export const createTag = action({
  key: 'create_tag',
  name: 'Create Tag',
  group: 'Tags',
  description: 'Creates a tag for companies or people. Fails if the category already has a tag with that name.',
  input: z.object({ name: tagName, category: tagCategory, ...tagAttributes }),
  run: ({ input, http }) => callForRecord(http, ENDPOINTS.createTag, { body: input }),
});

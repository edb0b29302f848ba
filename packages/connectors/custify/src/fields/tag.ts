import { z } from 'zod';
import { internalId, text } from './common';

export const tagId = internalId('Tag ID', 'Internal Custify id of the tag.').meta({ dynamicOptions: 'tags' });
/** The name of an existing tag, as the add/remove actions send it. */
export const existingTagName = text('Tag', 'The tag name.').meta({ dynamicOptions: 'tag_names' });
export const tagName = text('Name', 'The tag name (unique within its category).');
export const tagCategory = z
  .enum(['company', 'people'])
  .meta({ label: 'Category', description: 'Whether the tag applies to companies or to people.' });
export const tagAttributes = {
  description: text('Description').optional(),
  color: text('Color', 'e.g. #3b82f6').optional(),
};

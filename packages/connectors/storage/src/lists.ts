/** Append to list, Get list and Remove from list: a key holding a list. */
import { z } from 'zod';
import { defineAction } from '@konnect/sdk';
import { key, parseJson, storeOf, storeValue, ttl, ttlSeconds } from './fields';

const item = z.unknown().meta({ label: 'Item', multiline: true, description: 'Text, a number, or a value mapped from a previous step.' });

export const appendToList = defineAction({
  key: 'append_to_list',
  name: 'Append to List',
  description: 'Adds an item at the end of the list stored under a key, atomically; an absent key starts a list.',
  input: z.object({
    key,
    item,
    parseJson,
    ttlSeconds: ttlSeconds.meta({ label: 'Time to live (seconds)', description: 'Resets the list’s expiry. Empty: the expiry it has stays.' }),
  }),
  async run({ input, services }) {
    const read = await storeOf(services).append(input.key, storeValue(input.item, input.parseJson, 'item'), ttl(input.ttlSeconds));
    return { ...read, count: read.value.length };
  },
});

export const getList = defineAction({
  key: 'get_list',
  readOnly: true,
  name: 'Get List',
  description: 'Reads the list stored under a key (an empty list when there is none).',
  input: z.object({ key }),
  async run({ input, services }) {
    const read = await storeOf(services).getList(input.key);
    return { ...read, count: read.value.length };
  },
});

export const removeFromList = defineAction({
  key: 'remove_from_list',
  name: 'Remove from List',
  description: 'Removes every item equal to the given one from the list stored under a key, atomically.',
  input: z.object({ key, item, parseJson }),
  async run({ input, services }) {
    const read = await storeOf(services).remove(input.key, storeValue(input.item, input.parseJson, 'item'));
    return { ...read, count: read.value.length };
  },
});

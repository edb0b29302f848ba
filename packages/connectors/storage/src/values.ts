/** Set, Get, Delete and Increment: one key's value. */
import { z } from 'zod';
import { defineAction } from '@konnect/sdk';
import { key, parseJson, storeOf, storeValue, ttl, ttlSeconds, value } from './fields';

export const setValue = defineAction({
  key: 'set_value',
  name: 'Set Value',
  description: 'Stores a value under a key, replacing what was there (optionally for a limited time).',
  input: z.object({ key, value, parseJson, ttlSeconds }),
  async run({ input, services }) {
    return { ...(await storeOf(services).set(input.key, storeValue(input.value, input.parseJson, 'value'), ttl(input.ttlSeconds))) };
  },
});

export const getValue = defineAction({
  key: 'get_value',
  readOnly: true,
  name: 'Get Value',
  description: 'Reads the value stored under a key; `found` is false when there is none (or it expired).',
  input: z.object({
    key,
    defaultValue: z.unknown().optional().meta({ label: 'Default value', description: 'Given as `value` when the key is absent (empty: null).' }),
  }),
  async run({ input, services }) {
    const read = await storeOf(services).get(input.key);
    return read.found || input.defaultValue === undefined ? { ...read } : { ...read, value: storeValue(input.defaultValue, false, 'defaultValue') };
  },
});

export const deleteValue = defineAction({
  key: 'delete_value',
  name: 'Delete Value',
  description: 'Removes a key and its value; `deleted` is false when there was none.',
  input: z.object({ key }),
  async run({ input, services }) {
    return { ...(await storeOf(services).delete(input.key)) };
  },
});

export const incrementValue = defineAction({
  key: 'increment',
  name: 'Increment',
  description: 'Adds to the number stored under a key, atomically (concurrent runs never lose a count); an absent key counts from 0.',
  input: z.object({
    key,
    by: z.coerce.number().finite('A number').default(1).meta({ label: 'Increment by', description: 'Negative to decrement. Default 1.' }),
    ttlSeconds: ttlSeconds.meta({ label: 'Time to live (seconds)', description: 'Resets the key’s expiry on each increment (e.g. 3600 for an hourly counter). Empty: the expiry it has stays.' }),
  }),
  async run({ input, services }) {
    return { ...(await storeOf(services).increment(input.key, input.by, ttl(input.ttlSeconds))) };
  },
});

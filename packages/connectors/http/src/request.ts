import { defineAction } from '@konnect/sdk';
import { requestInput } from './input';
import { send } from './send';

export const request = defineAction({
  key: 'request',
  name: 'HTTP Request',
  description: 'Sends a request to any URL and returns its status, headers and body. Fails on a non-2xx answer.',
  input: requestInput,
  async run({ input, http, signal }) {
    const headers: Record<string, string> = { ...input.headers };
    const secrets: string[] = [];
    if (input.auth === 'bearer' && input.token) {
      headers.Authorization = `Bearer ${input.token}`;
      secrets.push(input.token);
    } else if (input.auth === 'basic' && input.username) {
      const password = input.password ?? '';
      headers.Authorization = `Basic ${Buffer.from(`${input.username}:${password}`).toString('base64')}`;
      if (password) secrets.push(password);
    }
    const where = new URL(input.url);
    where.hash = '';
    return send(http, { ...input, url: where.href, headers, secrets, ...(signal ? { signal } : {}) });
  },
});

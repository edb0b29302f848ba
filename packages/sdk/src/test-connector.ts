/**
 * A small API-key connector used by the SDK's own tests (runtime, schema, test kit), shaped
 * like a real one: auth with a secret field, a polling trigger built on pollNewest, actions.
 */
import { z } from 'zod';
import { bindAuth, defineConnector } from './define';
import { pollNewest } from './polling';
import { sampleResult } from './sample';
import type { ApiKeyAuth } from './types';

const fields = z.object({
  apiKey: z.string().min(1).meta({ label: 'API key', secret: true, description: 'Settings → API' }),
  baseUrl: z.string().url().default('https://api.example.test').meta({ label: 'Base URL' }),
});

const auth: ApiKeyAuth<typeof fields> = {
  kind: 'apiKey',
  fields,
  http: (a) => ({ baseURL: a.baseUrl, headers: { Authorization: `Bearer ${a.apiKey}` } }),
  async validate({ http }) {
    const res = await http.request<{ account: string }>({ method: 'GET', url: '/me' });
    return { account: res.data.account };
  },
};

const { action, trigger } = bindAuth(auth);

interface Contact extends Record<string, unknown> {
  id: string;
  created_at: string;
}

const newContact = trigger({
  kind: 'polling',
  key: 'new_contact',
  name: 'New Contact',
  description: 'A contact was created.',
  dedupe: 'id',
  input: z.object({ list: z.string().default('all').meta({ label: 'List' }) }),
  async poll({ input, http, cursor }) {
    return pollNewest<Contact>({
      cursor,
      strategy: 'id',
      id: (c) => c.id,
      timestamp: (c) => c.created_at,
      fetchPage: async (page) => {
        const res = await http.request<{ contacts: Contact[]; pages: number }>({
          method: 'GET',
          url: '/contacts',
          params: { page, list: input.list },
        });
        return { items: res.data.contacts, hasMore: page < res.data.pages };
      },
    });
  },
  async sample({ http }) {
    const res = await http.request<{ contacts: Contact[] }>({ method: 'GET', url: '/contacts', params: { page: 1 } });
    return sampleResult(res.data.contacts);
  },
});

const createContact = action({
  key: 'create_contact',
  name: 'Create Contact',
  description: 'Creates a contact.',
  group: 'Contacts',
  input: z.object({
    name: z.string().min(1).meta({ label: 'Name' }),
    contact: z.object({ email: z.email().meta({ label: 'Email', identifier: 'email' }) }),
    notes: z.string().optional().meta({ label: 'Notes', multiline: true }),
  }),
  async run({ input, auth: connection, http, idempotencyKey }) {
    const res = await http.request<Record<string, unknown>>({
      method: 'POST',
      url: '/contacts',
      body: { name: input.name, email: input.contact.email, notes: input.notes ?? null },
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    return { ...res.data, keyLength: connection.apiKey.length };
  },
});

const deleteContact = action({
  key: 'delete_contact',
  name: 'Delete Contact',
  description: 'Forgets a contact.',
  destructive: true,
  input: z.object({ id: z.string().meta({ label: 'Contact ID', identifier: 'internal_id' }) }),
  async run({ input, http }) {
    await http.request({ method: 'DELETE', url: `/contacts/${encodeURIComponent(input.id)}` });
    return { deleted: true };
  },
});

export const testConnector = defineConnector({
  key: 'example',
  name: 'Example CRM',
  description: 'A connector for tests.',
  category: 'app',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10"/></svg>',
  auth,
  triggers: [newContact],
  actions: [createContact, deleteContact],
});

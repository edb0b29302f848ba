import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldMeta, secretFieldNames } from './meta';
import { describeConnector, inputJsonSchema } from './schema';
import { testConnector } from './test-connector';

describe('inputJsonSchema', () => {
  it('keeps .meta() fields and marks fields with defaults as optional', () => {
    const schema = inputJsonSchema(
      z.object({
        email: z.email().meta({ label: 'Email', identifier: 'email', description: 'Who' }),
        count: z.number().int().default(3).meta({ label: 'Count' }),
        notes: z.string().optional().meta({ label: 'Notes', multiline: true, example: 'hi' }),
      }),
    );
    expect(schema.$schema).toBeUndefined();
    expect(schema.required).toEqual(['email']);
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(props.email).toMatchObject({ type: 'string', format: 'email', label: 'Email', identifier: 'email', description: 'Who' });
    expect(props.count).toMatchObject({ type: 'integer', default: 3, label: 'Count' });
    expect(props.notes).toMatchObject({ type: 'string', label: 'Notes', multiline: true, example: 'hi' });
  });

  it('does not throw on types JSON Schema cannot express', () => {
    expect(() => inputJsonSchema(z.object({ when: z.date(), big: z.bigint().optional() }))).not.toThrow();
  });
});

describe('fieldMeta', () => {
  it('finds metadata on the field or on the schema it wraps', () => {
    expect(fieldMeta(z.string().meta({ label: 'Inner', secret: true }).optional())).toEqual({ label: 'Inner', secret: true });
    expect(fieldMeta(z.string().meta({ label: 'Inner' }).optional().meta({ label: 'Outer' }))).toEqual({ label: 'Outer' });
    expect(secretFieldNames(z.object({ a: z.string(), b: z.string().meta({ label: 'B', secret: true }).default('') }))).toEqual(['b']);
  });
});

describe('describeConnector', () => {
  it('is a JSON catalogue entry with auth fields, triggers and actions', () => {
    const entry = describeConnector(testConnector);
    expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
    expect(entry).toMatchObject({ key: 'example', name: 'Example CRM', category: 'app', auth: { kind: 'apiKey' } });
    expect(entry.icon).toContain('<svg');
    const authProps = entry.auth.fields.properties as Record<string, Record<string, unknown>>;
    expect(authProps.apiKey).toMatchObject({ label: 'API key', secret: true });
    expect(entry.auth.fields.required).toEqual(['apiKey']);
    expect(entry.triggers).toEqual([
      expect.objectContaining({ key: 'new_contact', kind: 'polling', dedupe: 'id', name: 'New Contact' }),
    ]);
    expect(entry.actions.map((a) => [a.key, a.group, a.destructive])).toEqual([
      ['create_contact', 'Contacts', false],
      ['delete_contact', null, true],
    ]);
    const contact = (entry.actions[0]?.input.properties as Record<string, Record<string, unknown>>).contact;
    expect(contact?.required).toEqual(['email']);
  });
});

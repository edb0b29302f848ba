import { catalogue } from '@konnect/connectors';
import { describe, expect, it } from 'vitest';
import { describeFields, labelFromKey } from './schema-descriptors';

function action(connector: string, key: string) {
  const found = catalogue()
    .find((c) => c.key === connector)
    ?.actions.find((a) => a.key === key);
  if (!found) throw new Error(`no ${connector}.${key}`);
  return found.input;
}

describe('describeFields', () => {
  it('reads labels, descriptions, required marks and kinds from a JSON schema', () => {
    const fields = describeFields({
      type: 'object',
      properties: {
        email: { type: 'string', label: 'Email', description: 'Where to write', format: 'email' },
        age: { type: 'integer', minimum: 0 },
        vip: { type: 'boolean', label: 'VIP' },
        plan: { type: 'string', enum: ['free', 'pro'], default: 'free' },
        notes: { type: 'string', multiline: true },
        token: { type: 'string', secret: true, label: 'Token' },
      },
      required: ['email', 'plan'],
    });
    expect(fields.map((f) => [f.key, f.label, f.kind, f.required])).toEqual([
      ['email', 'Email', 'text', true],
      ['age', 'Age', 'number', false],
      ['vip', 'VIP', 'boolean', false],
      ['plan', 'Plan', 'enum', true],
      ['notes', 'Notes', 'multiline', false],
      ['token', 'Token', 'secret', false],
    ]);
    expect(fields[0]?.description).toBe('Where to write');
    expect(fields[2]?.options).toEqual(['true', 'false']);
    expect(fields[3]).toMatchObject({ options: ['free', 'pro'], defaultValue: 'free' });
  });

  it('renders the Custify Create Person form: text, number, boolean, map and list of objects', () => {
    const byKey = Object.fromEntries(describeFields(action('custify', 'create_person')).map((f) => [f.key, f]));
    expect(byKey.user_id).toMatchObject({ label: 'User ID', kind: 'text' });
    expect(byKey.session_count?.kind).toBe('number');
    expect(byKey.unsubscribed_from_emails?.kind).toBe('boolean');
    expect(byKey.custom_attributes?.kind).toBe('map');
    expect(byKey.companies).toMatchObject({ kind: 'list' });
    expect(byKey.companies?.fields?.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['company_id', 'text', true],
      ['remove', 'boolean', false],
    ]);
  });

  it('takes text for fields that accept a string among other types (anyOf, type lists)', () => {
    const tag = Object.fromEntries(describeFields(action('custify', 'add_remove_person_tag')).map((f) => [f.key, f]));
    expect(tag.person_ids).toMatchObject({ kind: 'text', required: true });
    expect(tag.type).toMatchObject({ kind: 'enum', options: ['add', 'remove'], label: 'Operation' });
    const http = Object.fromEntries(describeFields(action('http', 'request')).map((f) => [f.key, f]));
    expect(http.body?.kind).toBe('multiline');
    expect(http.headers?.kind).toBe('map');
    expect(http.token?.kind).toBe('secret');
    expect(http.url).toMatchObject({ required: true, placeholder: 'https://api.example.com/v1/items' });
  });

  it('describes a list of single values and nested objects', () => {
    const [list, group] = describeFields({
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' } },
        address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    });
    expect(list).toMatchObject({ kind: 'list', itemKind: 'text' });
    expect(group).toMatchObject({ kind: 'group', fields: [{ key: 'city', kind: 'text', required: true }] });
  });

  it('gives nothing for a schema without properties', () => {
    expect(describeFields({ type: 'object', properties: {} })).toEqual([]);
    expect(describeFields(null)).toEqual([]);
  });

  it('makes labels from keys', () => {
    expect(labelFromKey('signed_up_at')).toBe('Signed up at');
    expect(labelFromKey('companyId')).toBe('Company id');
  });
});

import { catalogue } from '@konnect/connectors';
import { describe, expect, it } from 'vitest';
import { describeFields, flatFields, formValue, formValues, initialValues, labelFromKey } from './schema-descriptors';

function entry(connector: string) {
  const found = catalogue().find((c) => c.key === connector);
  if (!found) throw new Error(`no ${connector} in the catalogue`);
  return found;
}

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

  it('carries a text field\'s dynamic options name from the catalogue, nested fields included', () => {
    const fields = describeFields(action('custify', 'update_person'));
    expect(fields.find((f) => f.key === 'id')).toMatchObject({ kind: 'text', dynamicOptions: 'people', label: 'Person ID' });
    expect(fields.find((f) => f.key === 'email')?.dynamicOptions).toBeUndefined();
    const companies = fields.find((f) => f.key === 'companies');
    expect(companies?.fields?.find((f) => f.key === 'company_id')).toMatchObject({ dynamicOptions: 'company_ids' });
    expect(entry('custify').options).toMatchObject({ people: { searchable: false }, company_ids: { searchable: false } });
    // Only text fields get a dropdown: a list or a number naming options keeps its own control.
    const odd = describeFields({ type: 'object', properties: { n: { type: 'number', dynamicOptions: 'x' }, t: { type: 'string', dynamicOptions: 'users' } } });
    expect(odd.map((f) => f.dynamicOptions)).toEqual([undefined, 'users']);
  });

  it('makes labels from keys', () => {
    expect(labelFromKey('signed_up_at')).toBe('Signed up at');
    expect(labelFromKey('companyId')).toBe('Company id');
  });
});

describe('flat forms (connection fields, trigger settings)', () => {
  const webApi = () => flatFields(entry('web_api').auth.fields);

  it('draws the Web API connection fields by their schema: url format, enum with its options, secrets', () => {
    const byKey = Object.fromEntries(webApi().map((f) => [f.key, f]));
    expect(byKey.baseUrl).toMatchObject({ kind: 'text', format: 'uri', required: true, label: 'Base URL' });
    expect(byKey.scheme).toMatchObject({ kind: 'enum', options: ['bearer', 'basic', 'header'], defaultValue: 'bearer', required: false });
    expect([byKey.token?.kind, byKey.password?.kind, byKey.headerValue?.kind, byKey.username?.kind]).toEqual(['secret', 'secret', 'secret', 'text']);
  });

  it('starts a new form on the schema defaults (never a secret), and sends only what is filled in', () => {
    const fields = webApi();
    const start = initialValues(fields);
    expect(start).toEqual({ scheme: 'bearer' });
    expect(formValues(fields, { ...start, baseUrl: 'https://api.example.com', token: 't' })).toEqual({ baseUrl: 'https://api.example.com', scheme: 'bearer', token: 't' });
  });

  it('leaves objects and lists out of a flat form (a Catch Hook payload is not typed in a box)', () => {
    const fields = flatFields({
      type: 'object',
      properties: { name: { type: 'string' }, payload: { type: 'object' }, tags: { type: 'array', items: { type: 'string' } }, on: { type: 'boolean' } },
    });
    expect(fields.map((f) => f.key)).toEqual(['name', 'on']);
  });

  it('turns form text into API values: booleans, numbers, blanks left out, secrets never prefilled', () => {
    const fields = describeFields({
      type: 'object',
      properties: {
        on: { type: 'boolean', default: true },
        limit: { type: 'integer', default: 10 },
        key: { type: 'string', secret: true, default: 'nope' },
        meta: { type: 'object', default: {} },
        note: { type: 'string' },
      },
    });
    expect(initialValues(fields)).toEqual({ on: 'true', limit: '10' });
    const [on, limit, , , note] = fields;
    if (!on || !limit || !note) throw new Error('fields missing');
    expect(formValue(on, '')).toBe(false);
    expect(formValue(limit, ' 42 ')).toBe(42);
    expect(formValue(limit, 'many')).toBe('many');
    expect(formValue(note, '   ')).toBeUndefined();
    expect(formValues(fields, { on: 'true', limit: '5', note: '' })).toEqual({ on: true, limit: 5 });
  });
});

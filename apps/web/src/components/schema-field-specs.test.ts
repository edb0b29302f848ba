import { describe, expect, it } from 'vitest';
import { catalogue } from '@konnect/connectors';
import { fieldSpecs, fieldValues, initialValues } from './schema-field-specs';

const webApi = () => {
  const entry = catalogue().find((c) => c.key === 'web_api');
  if (!entry) throw new Error('no web_api in the catalogue');
  return fieldSpecs(entry.auth.fields);
};

describe('connection form fields from a connector schema', () => {
  it('draws each field by its schema: url, select with its options, password for secrets', () => {
    const byName = Object.fromEntries(webApi().map((f) => [f.name, f]));
    expect(byName.baseUrl).toMatchObject({ kind: 'url', required: true, label: 'Base URL' });
    expect(byName.scheme).toMatchObject({ kind: 'select', options: ['bearer', 'basic', 'header'], defaultValue: 'bearer', required: false });
    expect([byName.token?.kind, byName.password?.kind, byName.headerValue?.kind, byName.username?.kind]).toEqual(['password', 'password', 'password', 'text']);
  });

  it('starts a new form on the schema defaults (never a secret), and sends only what is filled in', () => {
    const specs = webApi();
    const start = initialValues(specs);
    expect(start).toEqual({ scheme: 'bearer' });
    expect(fieldValues(specs, { ...start, baseUrl: 'https://api.example.com', token: 't' })).toEqual({ baseUrl: 'https://api.example.com', scheme: 'bearer', token: 't' });
  });
});

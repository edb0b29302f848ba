import { describe, expect, it } from 'vitest';
import { pgConfigFromUrl } from './pg-config';

describe('pgConfigFromUrl', () => {
  it('reads host, port, user, password, database and schema', () => {
    expect(pgConfigFromUrl('postgresql://app:s%40cret@db.internal:6543/konnect?schema=tenant')).toEqual({
      config: { host: 'db.internal', port: 6543, user: 'app', password: 's@cret', database: 'konnect' },
      schema: 'tenant',
    });
  });

  it('defaults to postgres@127.0.0.1:5432 and the public schema', () => {
    expect(pgConfigFromUrl('postgres:///konnect')).toEqual({
      config: { host: '127.0.0.1', port: 5432, user: 'postgres', password: undefined, database: 'konnect' },
      schema: 'public',
    });
  });

  it('connects through a Unix socket directory given as ?host=, as libpq does', () => {
    expect(pgConfigFromUrl('postgresql://postgres@localhost/konnect?host=/var/run/postgresql').config.host).toBe('/var/run/postgresql');
  });

  it('says what is wrong with a bad URL', () => {
    expect(() => pgConfigFromUrl('not a url')).toThrow(/not a valid URL/);
    expect(() => pgConfigFromUrl('mysql://x@y/z')).toThrow(/must start with postgresql/);
    expect(() => pgConfigFromUrl('postgresql://x@y/')).toThrow(/names no database/);
  });
});

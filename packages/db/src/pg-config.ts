import type { PoolConfig } from 'pg';

/**
 * Splits a postgres:// URL into a pg PoolConfig and the Prisma schema name (?schema=, default
 * public). As with libpq, `?host=/var/run/postgresql` connects through the Unix socket in that
 * directory instead of TCP (the URL's own host is then ignored).
 */
export function pgConfigFromUrl(databaseUrl: string): { config: PoolConfig & { database: string }; schema: string } {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: expected postgresql://user@host:5432/db`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgresql://, got "${url.protocol}"`);
  }
  const database = decodeURIComponent(url.pathname.slice(1));
  if (!database) throw new Error('DATABASE_URL names no database (postgresql://host:5432/<database>)');
  return {
    config: {
      host: url.searchParams.get('host') || url.hostname || '127.0.0.1',
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username) || 'postgres',
      password: decodeURIComponent(url.password) || undefined,
      database,
    },
    schema: url.searchParams.get('schema') ?? 'public',
  };
}

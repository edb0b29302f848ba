import pg from 'pg';
import { pgConfigFromUrl } from './pg-config';

/** Creates the database named in the URL when it does not exist (connects to the `postgres` maintenance db). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { config } = pgConfigFromUrl(databaseUrl);
  const admin = new pg.Client({ ...config, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.database]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE "${config.database.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}

/** Drops a database (tests clean up after themselves). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { config } = pgConfigFromUrl(databaseUrl);
  const admin = new pg.Client({ ...config, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${config.database.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

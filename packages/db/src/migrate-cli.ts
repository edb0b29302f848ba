/** `tsx src/migrate-cli.ts deploy | dev <name> | status` with DATABASE_URL (default: the local dev database). */
import { createMigration, migrateDeploy, migrationStatus } from './migrate';
import { ensureDatabase } from './ensure-database';
import { DEFAULT_DATABASE_URL } from './defaults';

const [command, name] = process.argv.slice(2);
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

async function main(): Promise<void> {
  await ensureDatabase(url);
  if (command === 'dev') {
    const created = await createMigration(url, name ?? 'migration');
    console.log(created ? `created migration ${created}` : 'schema unchanged: no migration created');
  }
  if (command === 'dev' || command === 'deploy') {
    const applied = await migrateDeploy(url);
    console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
  } else if (command === 'status') {
    console.log(JSON.stringify(await migrationStatus(url), null, 1));
  } else if (command !== 'dev') {
    console.error('usage: migrate deploy | dev <name> | status');
    process.exit(2);
  }
}

main().then(
  () => process.exit(0), // the Wasm engine keeps the loop alive ~10 s otherwise
  (err: unknown) => {
    console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

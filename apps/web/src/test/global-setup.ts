/** Once per test run: the test database exists and is migrated before any worker starts. */
import { testDatabaseUrl } from '@konnect/db/testing';

export default async function setup(): Promise<void> {
  process.env.DATABASE_URL = await testDatabaseUrl();
  process.env.KONNECT_TEST_DB_READY = '1';
}

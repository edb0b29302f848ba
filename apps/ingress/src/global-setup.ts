/** Once per test run: the test database exists and is migrated (alone: `konnect_test`) before any test file starts. */
import { testDatabaseUrl } from '@konnect/db/testing';

export default async function setup(): Promise<void> {
  process.env.DATABASE_URL = await testDatabaseUrl();
  process.env.KONNECT_TEST_DB_READY = '1';
}

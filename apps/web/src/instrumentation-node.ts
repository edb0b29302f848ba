import { loadWebEnv } from './env';

try {
  loadWebEnv();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

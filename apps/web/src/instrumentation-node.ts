import { loadWebEnv } from './env';
import { stampPeerAddress } from './server/peer-address';
import { selfRequestSoon, warmUp } from './server/warm-up';

try {
  loadWebEnv();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
stampPeerAddress();

/** Sandbox threads, database and Redis ready before the first request (the first Run code was cold: issue 17, bug 6). */
export async function ready(): Promise<void> {
  await warmUp();
  selfRequestSoon();
}

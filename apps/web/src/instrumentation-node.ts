import { loadWebEnv } from './env';
import { stampPeerAddress } from './server/peer-address';

try {
  loadWebEnv();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
stampPeerAddress();

/**
 * Stamps the socket's remote address on every incoming HTTP request as `x-konnect-peer`, before
 * Next.js sees it, so route handlers can know the real peer (client-ip.ts). A client-sent header
 * of that name is always replaced. Installed once at start-up (instrumentation-node.ts).
 */
import http from 'node:http';
import { PEER_HEADER } from './client-ip';

const MARK = Symbol.for('konnect.peerAddress');

export function stampPeerAddress(): void {
  const proto = http.Server.prototype as unknown as Record<PropertyKey, unknown> & { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  if (proto[MARK]) return;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      const address = req.socket?.remoteAddress;
      if (address) req.headers[PEER_HEADER] = address;
      else delete req.headers[PEER_HEADER];
    }
    return emit.call(this, event, ...args);
  };
  proto[MARK] = true;
}

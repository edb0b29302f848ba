/**
 * SMTP has no idempotency: a step retried after the server took the mail (the answer was lost)
 * sends it again. The Message-ID is derived from the step's idempotency key (run, step,
 * iteration), so every send of the same step carries the same Message-ID and a duplicate is
 * recognisable (mail clients and many servers collapse repeats of one Message-ID).
 */
import { createHash } from 'node:crypto';

export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase() || 'konnect.invalid';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<konnect.${digest}@${domain}>`;
}

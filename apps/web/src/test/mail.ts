/**
 * For integration tests that follow a mail: a real SMTP server on loopback (startTestSmtp), the
 * web app's mailer pointed at it (set before the env is first read), and real mail workers on
 * Redis, as apps/worker runs them. `mailTo(address)` waits for the next message to that address;
 * `linkIn(mail, path)` pulls the app link (and its token) out of the text part.
 */
import { startTestSmtp, type TestSmtp } from '@konnect/mail/testing';
import { createPlatform, createQueues, createRedis, startWorkers, type Platform, type RunningWorkers } from '@konnect/platform';
import { db, keyring, platform } from '@/server/services';
import { platformTestEnv, type PlatformTestEnv } from './platform';

export interface MailWorld {
  smtp: TestSmtp;
  /** The next message to `address` not returned before (waits up to 30 s). */
  mailTo(address: string): Promise<{ subject: string; text: string; html: string }>;
  /** No message to `address` arrived (waits `ms` first, after the mail queue drained). */
  nothingTo(address: string, ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function mailWorld(label: string): Promise<MailWorld> {
  const smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = 'Konnect <no-reply@konnect.test>';
  const env: PlatformTestEnv = await platformTestEnv(label);
  const web = platform();
  const queues = createQueues(createRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379'), web.queues.prefix);
  const workerPlatform: Platform = createPlatform({ db: db(), queues, registry: web.registry, keyring: keyring(), ...(web.mailer ? { mailer: web.mailer } : {}) });
  const workers: RunningWorkers = startWorkers(workerPlatform, { mailRetryDelayMs: 50, concurrency: { run: 1, poll: 1, schedule: 1 } });
  const seen = new Set<unknown>();
  const find = (address: string) => smtp.received.find((r) => !seen.has(r) && r.envelope.to.includes(address.toLowerCase()));
  return {
    smtp,
    async mailTo(address) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const got = find(address);
        if (got) {
          seen.add(got);
          return { subject: got.mail.subject ?? '', text: got.mail.text ?? '', html: typeof got.mail.html === 'string' ? got.mail.html : '' };
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${address} within 30 s`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async nothingTo(address, ms = 500) {
      const deadline = Date.now() + 30_000;
      while ((await db().mailMessage.count({ where: { to: { has: address.toLowerCase() }, status: { in: ['queued', 'sending'] } } })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, ms));
      return !find(address);
    },
    async close() {
      await workers.close(5000);
      await workerPlatform.queues.close();
      await workerPlatform.queues.redis.quit();
      platform().mailer?.close();
      await env.close();
      await smtp.close();
    },
  };
}

/** The token of the app link to `path` in a mail's text part (throws when there is none). */
export function tokenIn(text: string, path: string): string {
  const m = new RegExp(`http://localhost:3000${path.replace(/[/?]/g, (c) => `\\${c}`)}\\?token=([\\w-]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${path} link in: ${text.slice(0, 500)}`);
  return m[1];
}

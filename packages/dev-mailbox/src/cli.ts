import { parseArgs } from 'node:util';
import { DEFAULT_HTTP_PORT, DEFAULT_MAX_MESSAGES, DEFAULT_SMTP_PORT, startMailbox, type MailboxOptions } from './server';

const USAGE = `Usage: dev-mailbox [--smtp-port ${DEFAULT_SMTP_PORT}] [--http-port ${DEFAULT_HTTP_PORT}] [--host 127.0.0.1] [--max ${DEFAULT_MAX_MESSAGES}]
Environment: DEV_MAILBOX_SMTP_PORT, DEV_MAILBOX_HTTP_PORT (flags win).`;

/** Command-line arguments (and the env's ports) as mailbox options; throws an Error naming the bad flag. */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined> = process.env): MailboxOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'smtp-port': { type: 'string', default: env.DEV_MAILBOX_SMTP_PORT || String(DEFAULT_SMTP_PORT) },
      'http-port': { type: 'string', default: env.DEV_MAILBOX_HTTP_PORT || String(DEFAULT_HTTP_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      max: { type: 'string', default: String(DEFAULT_MAX_MESSAGES) },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const int = (flag: string, raw: string, min: number, max: number): number => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`--${flag} must be an integer from ${min} to ${max} (got ${raw})`);
    return n;
  };
  return {
    smtpPort: int('smtp-port', values['smtp-port'], 0, 65535),
    httpPort: int('http-port', values['http-port'], 0, 65535),
    host: values.host,
    maxMessages: int('max', values.max, 1, 100_000),
  };
}

export async function main(argv: string[]): Promise<void> {
  let options: MailboxOptions | 'help';
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    console.error(`dev-mailbox: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const mailbox = await startMailbox(options);
  console.log(`dev-mailbox: SMTP on ${mailbox.smtpUrl}, API on ${mailbox.url}/api/messages`);
  const stop = () => void mailbox.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

import { parseArgs } from 'node:util';
import { DEMO_BOT_TOKEN, SEED_NAMES, type SeedName } from './seed';
import { startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from './server';

const USAGE = `Usage: slack-sim [--port 4020] [--host 127.0.0.1] [--seed demo|empty] [--chatter MS] [--latency MS]`;

/** Command-line arguments as simulator options; throws an Error naming the bad flag. */
export function parseCliArgs(argv: string[]): SlackSimulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4020' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: 'demo' },
      chatter: { type: 'string' },
      latency: { type: 'string' },
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
  if (!SEED_NAMES.includes(values.seed as SeedName)) throw new Error(`--seed must be one of ${SEED_NAMES.join(', ')} (got ${values.seed})`);
  return {
    port: int('port', values.port, 0, 65535),
    host: values.host,
    seed: values.seed as SeedName,
    ...(values.chatter !== undefined ? { chatterMs: int('chatter', values.chatter, 10, 86_400_000) } : {}),
    ...(values.latency !== undefined ? { latencyMs: int('latency', values.latency, 0, 600_000) } : {}),
  };
}

export async function main(argv: string[]): Promise<void> {
  let options: SlackSimulatorOptions | 'help';
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    console.error(`slack-sim: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let sim: SlackSimulator;
  try {
    sim = await startSlackSimulator(options);
  } catch (err) {
    console.error(`slack-sim: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return;
  }
  console.log(`Slack simulator listening on ${sim.url} (Web API at ${sim.apiUrl})`);
  console.log(`Bot token: ${DEMO_BOT_TOKEN}   seed: ${options.seed}   chatter: ${options.chatterMs ? `every ${options.chatterMs} ms in #cs` : 'off'}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`slack-sim: ${signal}, closing`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('slack-sim: close failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.[cm]?[jt]s$/.test(process.argv[1]);
if (invokedDirectly) void main(process.argv.slice(2));

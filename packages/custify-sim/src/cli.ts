import { parseArgs } from 'node:util';
import { DEFAULT_EVENTS_INTERVAL_MS } from './events-mode';
import { DEFAULT_API_KEY, startSimulator, type Simulator, type SimulatorOptions } from './server';
import { SEED_NAMES, type SeedName } from './seed';

const USAGE = `Usage: custify-sim [--port 4010] [--host 127.0.0.1] [--seed demo|empty]
                  [--events] [--events-interval 5000] [--api-key KEY ...] [--latency MS]`;

/** Turn command-line arguments into simulator options; throws an Error naming the bad flag. */
export function parseCliArgs(argv: string[]): SimulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: 'demo' },
      events: { type: 'boolean', default: false },
      'events-interval': { type: 'string' },
      'api-key': { type: 'string', multiple: true },
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
  const interval = values['events-interval'];
  return {
    port: int('port', values.port, 0, 65535),
    host: values.host,
    seed: values.seed as SeedName,
    apiKeys: values['api-key'] && values['api-key'].length > 0 ? values['api-key'] : [DEFAULT_API_KEY],
    events: values.events || interval !== undefined ? { intervalMs: interval === undefined ? DEFAULT_EVENTS_INTERVAL_MS : int('events-interval', interval, 10, 86_400_000) } : false,
    latencyMs: values.latency === undefined ? 0 : int('latency', values.latency, 0, 600_000),
  };
}

export async function main(argv: string[]): Promise<void> {
  let options: SimulatorOptions | 'help';
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    console.error(`custify-sim: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let sim: Simulator;
  try {
    sim = await startSimulator(options);
  } catch (err) {
    console.error(`custify-sim: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return;
  }
  const events = options.events ? `on (every ${typeof options.events === 'object' ? options.events.intervalMs : DEFAULT_EVENTS_INTERVAL_MS} ms)` : 'off';
  console.log(`Custify simulator listening on ${sim.url}`);
  console.log(`API key: ${options.apiKeys?.[0] ?? DEFAULT_API_KEY}   seed: ${options.seed}   events: ${events}`);
  console.log(`Control API: ${sim.url}/__control/  (fault keys: sim-429-<n>, sim-503, sim-500, sim-slow-<ms>)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`custify-sim: ${signal}, closing`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('custify-sim: close failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.[cm]?[jt]s$/.test(process.argv[1]);
if (invokedDirectly) void main(process.argv.slice(2));

/**
 * `pnpm rotate-keys` (= `pnpm --filter @konnect/db rotate-keys`): re-seals every sealed secret under
 * the first key of KONNECT_ENCRYPTION_KEY, printing rows per key id before and after. Safe while
 * web and worker run; resumable (run it again after an interruption); `--dry-run` only counts.
 *
 *   KONNECT_ENCRYPTION_KEY="k2:<new key>,k1:<old key>" DATABASE_URL=… pnpm rotate-keys [--dry-run] [--batch 500] [--pause-ms 0]
 *
 * Exit status: 0 when every sealed value is under the current key; 1 when some could not be opened
 * (their key is missing from the keyring) or some are still under an old key (a process still seals
 * with it: restart web and worker with the new key first, then run again); 2 for bad arguments.
 */
import { createDb } from './client';
import { parseKeyring } from './crypto';
import { baseEnvShape, parseEnv } from './env';
import { countAllByKey, rotateKeys, SEALED_COLUMNS, type KeyCounts } from './key-rotation';

function parseArgs(argv: string[]): { dryRun: boolean; batchSize: number; pauseMs: number } {
  const out = { dryRun: false, batchSize: 500, pauseMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = (name: string, min: number, max: number): number => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} takes a whole number from ${min} to ${max}`);
      return value;
    };
    if (arg === '--dry-run') out.dryRun = true;
    else if (arg === '--batch') out.batchSize = number('--batch', 1, 10_000);
    else if (arg === '--pause-ms') out.pauseMs = number('--pause-ms', 0, 60_000);
    else throw new Error(`unknown argument "${arg}" (expected --dry-run, --batch N, --pause-ms N)`);
  }
  return out;
}

function printCounts(title: string, counts: KeyCounts, currentKeyId: string): void {
  console.log(title);
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  for (const [column, byKey] of Object.entries(counts)) {
    const entries = Object.entries(byKey);
    const text = entries.length ? entries.map(([k, n]) => `${k}${k === currentKeyId ? ' (current)' : ''}: ${n}`).join(', ') : 'no rows';
    console.log(`  ${column.padEnd(width)}  ${text}`);
  }
}

const oldRows = (counts: KeyCounts, currentKeyId: string): number =>
  Object.values(counts).reduce((sum, byKey) => sum + Object.entries(byKey).reduce((s, [k, n]) => s + (k === currentKeyId ? 0 : n), 0), 0);

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`rotate-keys: ${(err as Error).message}`);
    return 2;
  }
  const env = parseEnv({ DATABASE_URL: baseEnvShape.DATABASE_URL, KONNECT_ENCRYPTION_KEY: baseEnvShape.KONNECT_ENCRYPTION_KEY });
  const keyring = parseKeyring(env.KONNECT_ENCRYPTION_KEY);
  const current = keyring.currentKeyId;
  console.log(`Key rotation to "${current}" (keyring: ${[...keyring.keys.keys()].join(', ')}; columns: ${SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`).join(', ')})`);
  const db = createDb(env.DATABASE_URL, { max: 2 });
  try {
    const before = await countAllByKey(db);
    printCounts('Before:', before, current);
    const missing = new Set(Object.values(before).flatMap((byKey) => Object.keys(byKey)).filter((k) => !keyring.keys.has(k)));
    if (missing.size) console.log(`Warning: rows are sealed with ${[...missing].map((k) => `"${k}"`).join(', ')}, which KONNECT_ENCRYPTION_KEY does not hold: keep old keys after the new one until the rotation ends.`);
    if (args.dryRun) return oldRows(before, current) === 0 ? 0 : 1;

    const started = performance.now();
    let pages = 0;
    const results = await rotateKeys(db, keyring, {
      batchSize: args.batchSize,
      pauseMs: args.pauseMs,
      onPage: () => {
        pages++;
        if (pages % 20 === 0) console.log(`  … ${pages} pages`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    for (const r of results) {
      const notes = [r.changedMeanwhile ? `${r.changedMeanwhile} changed meanwhile (left as written)` : '', r.unreadable.length ? `${r.unreadable.length} unreadable (ids: ${r.unreadable.slice(0, 10).join(', ')}${r.unreadable.length > 10 ? ', …' : ''})` : '']
        .filter(Boolean)
        .join('; ');
      console.log(`  ${r.column}: ${r.resealed} re-sealed in ${r.passes} pass(es)${notes ? `; ${notes}` : ''}`);
    }
    const after = await countAllByKey(db);
    printCounts('After:', after, current);
    const left = oldRows(after, current);
    const total = results.reduce((s, r) => s + r.resealed, 0);
    console.log(`${total} value(s) re-sealed in ${seconds.toFixed(1)} s.`);
    if (left === 0) {
      console.log(`Every sealed value is under "${current}". Once web and worker all run with "${current}" first, the old keys can be removed from KONNECT_ENCRYPTION_KEY.`);
      return 0;
    }
    console.log(`${left} value(s) are still under other keys: see above. Fix what is named, make sure every process runs with "${current}" first, and run again (it continues where it stopped).`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`rotate-keys failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

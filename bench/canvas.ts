/**
 * Builder canvas benchmark: a 150-step konnector (~280 canvas nodes with branch headers and "+"
 * points) opened in the builder in headless Chromium, against the production build.
 *
 *   - first render: navigation start → every step node in the DOM and visible with the view fitted
 *     (performance.now() in the page), first load (cold cache) and the median of the next loads
 *   - panning: requestAnimationFrame deltas while the mouse drags the canvas for ~3 s: as opened
 *     (the top of the konnector at a readable zoom), fitted (every node on screen, zoom 0.1) and
 *     at 100 % zoom: p50 / p95 frame time and fps
 *
 * Targets: first render ≤ 1 s, pan ≥ 50 fps.
 *
 * Run (Postgres and Redis up, as for the tests):
 *   pnpm --filter @konnect/web build          # once: the bench runs `next start` on that build
 *   cd bench && npx tsx canvas.ts             # or: pnpm --filter @konnect/bench canvas
 * It starts the web app itself on a free port with a scratch database (created, migrated and
 * dropped at the end) and its own Redis prefix. CHROMIUM_PATH overrides /usr/bin/chromium;
 * BENCH_LOADS sets how many page loads are timed (default 6).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { DEFAULT_DATABASE_URL, dropDatabase, ensureDatabase, generateKeySpec, migrateDeploy } from '@konnect/db';
import { Redis } from 'ioredis';
import { canvasDraft, countSteps } from './canvas-draft';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../apps/web');
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const LOADS = Number(process.env.BENCH_LOADS) || 6;
const STEPS = 150;
const PAN_MS = 3000;

function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim();
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the web app did not become healthy within 60 s');
}

interface Load {
  /** Navigation start → every step node visible with the view fitted. */
  total: number;
  /** → the page's HTML received. */
  html: number;
  /** → the konnector's JSON received (the canvas can only be drawn after it). */
  data: number;
}

/** One page load of the builder, timed in the page (ms from navigation start). */
async function firstRender(page: Page, url: string, nodes: number): Promise<Load> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    (expected) => {
      const cards = document.querySelectorAll('[data-testid^="node-"]');
      if (cards.length < expected) return false;
      const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
      if (!viewport || !viewport.style.transform || viewport.style.transform === 'translate(0px, 0px) scale(1)') return false;
      for (const card of cards) if (!card.checkVisibility()) return false;
      return performance.now();
    },
    nodes,
    { polling: 'raf', timeout: 60_000 },
  );
  const total = (await handle.jsonValue()) as number;
  const id = url.split('/').pop() ?? '';
  const [html, data] = await page.evaluate((konnectorId) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const json = performance.getEntriesByType('resource').find((e) => e.name.endsWith(`/konnectors/${konnectorId}`)) as PerformanceResourceTiming | undefined;
    return [nav?.responseEnd ?? NaN, json?.responseEnd ?? NaN];
  }, id);
  return { total, html, data };
}

/** Drags the canvas back and forth for PAN_MS while recording animation-frame times. */
async function pan(page: Page): Promise<{ p50: number; p95: number; fps: number; frames: number }> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no canvas pane');
  const x0 = pane.x + 24;
  const y0 = pane.y + 24;
  const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x as number, y as number)?.className ?? '', [x0, y0]);
  if (!String(hit).includes('react-flow__pane')) throw new Error(`the drag would start on "${String(hit)}", not on the canvas`);
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.recording_ = true;
    const loop = (t) => {
      window.frames_.push(t);
      if (window.recording_) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  })()`);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  const start = Date.now();
  for (let t = 0; t < PAN_MS; t = Date.now() - start) {
    const phase = (t / PAN_MS) * Math.PI * 3;
    await page.mouse.move(x0 + 260 * Math.sin(phase), y0 + 180 * (1 - Math.cos(phase)));
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; recording_: boolean };
    w.recording_ = false;
    return w.frames_;
  });
  const deltas = frames.slice(1).map((t, i) => t - (frames[i] ?? t)).sort((a, b) => a - b);
  const span = (frames[frames.length - 1] ?? 0) - (frames[0] ?? 0);
  return { p50: percentile(deltas, 50), p95: percentile(deltas, 95), fps: span > 0 ? (deltas.length / span) * 1000 : 0, frames: deltas.length };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) throw new Error('No production build: run `pnpm --filter @konnect/web build` first');
  const suffix = randomBytes(4).toString('hex');
  const db = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  db.pathname = `/konnect_bench_canvas_${suffix}`;
  const databaseUrl = db.toString();
  const prefix = `kbench-canvas-${suffix}`;
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);

  const server = spawn(path.join(webDir, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', port], {
    cwd: webDir,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: port,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      KONNECT_ENCRYPTION_KEY: generateKeySpec('bench'),
      SIGNUPS_PER_IP: '1000',
    },
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
  try {
    await waitForHealth(base, server);
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const email = `canvas-bench-${suffix}@example.test`;
    const signup = await page.request.post('/api/v1/auth/signup', { data: { name: 'Canvas Bench', email, password: 'correct horse battery' }, headers: { origin: base } });
    if (!signup.ok()) throw new Error(`sign up: ${signup.status()} ${await signup.text()}`);
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/[^/]+\/konnectors/, { timeout: 60_000 });
    const workspaceId = /\/app\/([^/]+)\//.exec(page.url())?.[1] ?? '';

    const definition = canvasDraft(STEPS);
    const created = await page.request.post(`/api/v1/workspaces/${workspaceId}/konnectors`, { data: { name: `Canvas bench (${STEPS} steps)`, definition }, headers: { origin: base } });
    if (!created.ok()) throw new Error(`create: ${created.status()} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const url = `/app/${workspaceId}/konnectors/${id}`;
    const cards = countSteps(definition.steps) + 1;

    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await firstRender(page, url, cards));
    const rfNodes = await page.locator('.react-flow__node').count();
    const opened = await pan(page);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(400);
    const fitted = await pan(page);
    const zoomIn = page.getByRole('button', { name: 'Zoom In' });
    for (let i = 0; i < 30 && !(await page.locator('.react-flow__viewport').evaluate((el) => /scale\((1(\.\d+)?|[2-9][\d.]*)\)$/.test(el.style.transform))); i++) {
      await zoomIn.click();
    }
    await page.waitForTimeout(400);
    const zoomed = await pan(page);

    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(`Canvas bench: ${cards - 1} steps, ${rfNodes} React Flow nodes, ${LOADS} loads, Chromium headless 1600×1000`);
    const warm = loads.slice(1);
    console.log(`first render   cold ${ms(loads[0]?.total ?? NaN)} · warm median ${ms(median(warm.map((l) => l.total)))} (all: ${loads.map((l) => l.total.toFixed(0)).join(', ')})   target ≤ 1000 ms`);
    const fetched = warm.filter((l) => Number.isFinite(l.data));
    const data = fetched.length ? `konnector JSON fetched at ${ms(median(fetched.map((l) => l.data)))}` : 'konnector data came with the page';
    console.log(`  of which (warm medians): HTML received at ${ms(median(warm.map((l) => l.html)))}, ${data}`);
    for (const [label, r] of [['pan, as opened', opened], ['pan, fit view ', fitted], ['pan, zoom 100%', zoomed]] as const) {
      console.log(`${label} frame p50 ${r.p50.toFixed(1)} ms · p95 ${r.p95.toFixed(1)} ms · ${r.fps.toFixed(1)} fps (${r.frames} frames)   target ≥ 50 fps`);
    }
  } finally {
    await browser.close();
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    await dropDatabase(databaseUrl).catch((err: unknown) => console.warn(`could not drop ${databaseUrl}: ${String(err)}`));
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

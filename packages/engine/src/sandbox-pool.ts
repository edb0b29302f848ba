import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { loadModule, memoryError, runInSandbox, timeoutError } from './sandbox-runner.mjs';
import { ThreadMessage, type RunReply, type RunRequest, type SandboxError } from './sandbox-protocol';
import { FairQueue } from './sandbox-queue';

export interface PoolSettings {
  /** Threads kept started. */
  threads: number;
  /** While every thread is busy the pool starts a spare, up to this many threads in all. */
  maxThreads: number;
  /** Threads one owner (workspace) may hold at once. */
  ownerThreads: number;
  /** Code steps one owner may have waiting. */
  ownerQueue: number;
  /** Longest wait for a thread; the step's own time limit starts when it has one. */
  queueTimeoutMs: number;
  /** A thread past `threads` idle this long is stopped. */
  spareIdleMs: number;
  /** A spare is started once every thread has been busy this long (a short step ending frees one sooner). */
  spareDelayMs: number;
  /** The hard deadline is the request's time limit plus this. */
  hardGraceMs: number;
  /** A thread that is not ready within this long counts as failed to start. */
  startTimeoutMs: number;
  resourceLimits: ResourceLimits;
  /** The thread's entry file; tests only (the default is sandbox-thread.mjs). */
  entry?: URL;
}

/** Consecutive start failures after which code runs in-process instead. */
const MAX_START_FAILURES = 2;

interface Job {
  id: number;
  owner: string;
  request: RunRequest;
  resolve: (reply: RunReply) => void;
  /** Ends the wait for a thread at the queue time limit. */
  waitTimer: NodeJS.Timeout | null;
}

interface Slot {
  worker: Worker;
  /** Our end of the thread's channel: requests out, `ready` and results in. */
  port: MessagePort;
  ready: boolean;
  gone: boolean;
  job: Job | null;
  /** When the thread last became idle: the longest idle has had the most time to prepare its next runtime. */
  idleSince: number;
  /** The hard deadline of the running job, the start timeout, or (a spare thread, idle) its retirement. */
  timer: NodeJS.Timeout | null;
  /** Settles when the thread is ready or gone. */
  started: Promise<void>;
  markStarted: () => void;
}

const failed = (error: SandboxError): RunReply => ({ ok: false, error, logs: [] });
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const megabytes = (bytes: number): string => (bytes / 1048576).toFixed(1);
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

let fallbackLogged = false;

/**
 * Worker threads that each keep a QuickJS module warm and run one execution at a time.
 * The pool owns the hard deadline: a thread still busy at time limit + grace (in a native
 * built-in QuickJS cannot interrupt) is terminated, its job reported as a timeout, and a
 * replacement started. Idle threads do not keep the process alive. When threads cannot
 * start (a bundler that did not ship the thread's file, say), executions run in-process,
 * without the hard deadline; the reason is logged once.
 *
 * Fairness between owners (workspaces): an endless loop holds its thread until the hard deadline
 * (10 s at most), so a plain FIFO let one workspace's loops stall every other workspace's code.
 * Instead each owner has its own bounded queue (FairQueue: the owner holding the fewest threads
 * goes first, round-robin on ties), may hold at most `ownerThreads` threads, and may not take the
 * last idle thread once it holds one: that thread is kept for an owner holding none, so another
 * workspace's step starts the moment it asks (default: one workspace uses 2 of the 3 threads, as
 * many as the whole pool had before). While every thread stays busy, one spare thread is started
 * ahead of need (up to `maxThreads`), so each further workspace too finds a warm thread instead of
 * waiting for QuickJS to load (a second or more on a loaded machine). Beyond `maxThreads - 1`
 * workspaces with endless loops at once, a newcomer waits for the first thread to end (its step
 * limit, 10 s at most) and goes first then. A spare starts once all threads have been busy for
 * `spareDelayMs`, and is stopped after `spareIdleMs` idle. Waiting
 * has its own limit (`queueTimeoutMs`, a 'busy' error naming the wait); the step's time limit
 * starts only when it has a thread.
 */
export class SandboxPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: FairQueue<Job>;
  private nextId = 1;
  private closed = false;
  private startFailures = 0;
  private spareTimer: NodeJS.Timeout | null = null;
  private unavailable: string | null = null;

  constructor(private readonly settings: PoolSettings) {
    this.queue = new FairQueue<Job>(settings.ownerThreads, settings.ownerQueue);
  }

  /** Threads started (or starting) now: `threads`, plus spares while every thread is busy. */
  get threadCount(): number {
    return this.slots.size;
  }

  /** Why executions run in-process, or null while threads are in use. */
  get fallbackReason(): string | null {
    return this.unavailable;
  }

  /** Runs `request` on a thread, in `owner`'s share of the pool (the workspace id; '' for none). */
  run(request: RunRequest, owner = ''): Promise<RunReply> {
    if (this.closed) return Promise.resolve(failed({ kind: 'runtime', message: 'Code sandbox is shut down' }));
    // The request's text is copied onto the thread's V8 heap (up to 2 bytes a character).
    // One allocation far past the heap limit can abort the whole process instead of the
    // thread, so a request that cannot fit is refused here.
    const chars = request.inputJson.length + request.source.length;
    const maxChars = ((this.settings.resourceLimits.maxOldGenerationSizeMb ?? 256) * 1048576) / 8;
    if (chars > maxChars) {
      return Promise.resolve(failed({ kind: 'input', message: `The step input is too large for a code step (${megabytes(chars)} MB of JSON; at most ${megabytes(maxChars)} MB)` }));
    }
    if (this.unavailable) return runInSandbox(request);
    this.fill();
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, owner, request, resolve, waitTimer: null };
      if (!this.queue.push(job)) {
        const waiting = this.queue.waitingOf(owner);
        resolve(failed({ kind: 'busy', message: `Too many code steps waiting in this workspace (${waiting} waiting for the code sandbox); try again shortly` }));
        return;
      }
      job.waitTimer = setTimeout(() => this.waitedTooLong(job), this.settings.queueTimeoutMs);
      job.waitTimer.unref();
      this.dispatch();
    });
  }

  private waitedTooLong(job: Job): void {
    job.waitTimer = null;
    if (!this.queue.remove(job)) return;
    const held = this.queue.holding(job.owner);
    const why =
      held > 0
        ? `this workspace's other code steps held ${held} of the sandbox threads, its share (one is kept free for other workspaces)`
        : `all ${this.slots.size} threads were busy with other workspaces' code steps`;
    const message = `The code step waited ${seconds(this.settings.queueTimeoutMs)} for a free sandbox thread and did not start (${why}); try again shortly`;
    job.resolve(failed({ kind: 'busy', message }));
  }

  /** Starts the threads and waits until each has loaded its module (or threads are unavailable). */
  async warm(): Promise<void> {
    this.fill();
    for (;;) {
      const starting = [...this.slots].filter((slot) => !slot.ready);
      if (this.unavailable || this.closed || starting.length === 0) break;
      await Promise.all(starting.map((slot) => slot.started));
    }
    if (this.unavailable) await loadModule();
  }

  /** Terminates every thread; running and queued executions end with an error. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    const exits = [...this.slots].map((slot) => this.retire(slot, failed({ kind: 'runtime', message: 'Code sandbox was shut down before the code finished' })));
    for (const job of this.queue.drain()) {
      this.clearWait(job);
      job.resolve(failed({ kind: 'runtime', message: 'Code sandbox was shut down before the code started' }));
    }
    await Promise.all(exits);
  }

  private fill(): void {
    while (!this.closed && !this.unavailable && this.slots.size < this.settings.threads) this.spawn();
  }

  private spawn(): void {
    const { port1, port2 } = new MessageChannel();
    // The thread gets no environment variables (it needs none) and its end of the channel.
    const options = { resourceLimits: this.settings.resourceLimits, env: {}, workerData: { port: port2 }, transferList: [port2] };
    let worker: Worker;
    try {
      // Written as `new Worker(new URL(..., import.meta.url))` so bundlers can see the file.
      worker = this.settings.entry ? new Worker(this.settings.entry, options) : new Worker(new URL('./sandbox-thread.mjs', import.meta.url), options);
    } catch (err) {
      port1.close();
      this.fallBack(`a sandbox thread could not be created: ${describe(err)}`);
      return;
    }
    let markStarted = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const slot: Slot = { worker, port: port1, ready: false, gone: false, job: null, idleSince: 0, timer: null, started, markStarted };
    slot.timer = setTimeout(() => this.startFailed(slot, `it was not ready within ${this.settings.startTimeoutMs} ms`), this.settings.startTimeoutMs);
    slot.timer.unref();
    port1.on('message', (message: unknown) => this.onMessage(slot, message));
    worker.on('error', (err) => this.onCrash(slot, err));
    worker.on('exit', (code) => this.onCrash(slot, new Error(`the thread exited with code ${code}`)));
    this.slots.add(slot);
  }

  private onMessage(slot: Slot, message: unknown): void {
    if (slot.gone) return;
    const parsed = ThreadMessage.safeParse(message);
    if (!parsed.success) {
      void this.replace(slot, failed({ kind: 'runtime', message: 'Code sandbox failed: the thread sent a malformed reply' }));
      return;
    }
    const data = parsed.data;
    if (data.type === 'ready') {
      if (slot.ready) return;
      slot.ready = true;
      this.startFailures = 0;
      this.clearTimer(slot);
      this.becameIdle(slot);
      slot.markStarted();
      this.dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== data.id) return;
    this.clearTimer(slot);
    this.endJob(slot, data.reply);
    this.becameIdle(slot);
    if (this.unavailable) void this.retire(slot, data.reply);
    this.dispatch();
  }

  private endJob(slot: Slot, reply: RunReply): void {
    const job = slot.job;
    if (!job) return;
    slot.job = null;
    this.queue.release(job.owner);
    job.resolve(reply);
  }

  /** An idle thread past `threads` is stopped after spareIdleMs, if another idle one is left as the spare. */
  private becameIdle(slot: Slot): void {
    this.setBusy(slot, false);
    slot.idleSince = performance.now();
    if (this.slots.size <= this.settings.threads) return;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (slot.job || slot.gone || this.slots.size <= this.settings.threads) return;
      const otherIdle = [...this.slots].some((s) => s !== slot && s.ready && !s.job);
      if (otherIdle) void this.retire(slot, failed({ kind: 'runtime', message: 'Code sandbox thread stopped' }));
    }, this.settings.spareIdleMs);
    slot.timer.unref();
  }

  /** At the hard deadline: take a reply already sent but not yet handled, else terminate. */
  private onDeadline(slot: Slot, job: Job): void {
    for (let pending = receiveMessageOnPort(slot.port); pending && slot.job === job; pending = receiveMessageOnPort(slot.port)) {
      this.onMessage(slot, pending.message);
    }
    if (slot.job === job) void this.replace(slot, failed(timeoutError(job.request.timeoutMs)));
  }

  /** An uncaught error or an exit we did not ask for. */
  private onCrash(slot: Slot, err: Error): void {
    if (slot.gone) return;
    if (!slot.ready) {
      this.startFailed(slot, describe(err));
      return;
    }
    const job = slot.job;
    const code = (err as { code?: unknown }).code;
    const reply =
      code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? failed(memoryError(job?.request.memoryLimitBytes ?? 0))
        : failed({ kind: 'runtime', message: `Code sandbox failed: ${describe(err)}` });
    void this.replace(slot, reply);
  }

  private startFailed(slot: Slot, reason: string): void {
    if (slot.gone) return;
    void this.retire(slot, failed({ kind: 'runtime', message: `Code sandbox failed to start: ${reason}` }));
    this.startFailures += 1;
    if (this.startFailures >= MAX_START_FAILURES) this.fallBack(`a sandbox thread failed to start: ${reason}`);
    else this.fill();
  }

  private fallBack(reason: string): void {
    this.unavailable ??= reason;
    if (!fallbackLogged) {
      fallbackLogged = true;
      console.warn(`[konnect/engine] code steps run in-process, without a hard deadline: ${reason}`);
    }
    // Threads still running a job finish it first (see onMessage).
    for (const slot of this.slots) if (!slot.job) void this.retire(slot, failed({ kind: 'runtime', message: 'Code sandbox failed to start' }));
    this.dispatch();
  }

  private dispatch(): void {
    if (this.unavailable) {
      for (const job of this.queue.drain()) {
        this.clearWait(job);
        void runInSandbox(job.request).then(job.resolve);
      }
      return;
    }
    while (this.queue.size > 0) {
      let slot: Slot | undefined;
      let idle = 0;
      for (const s of this.slots) {
        if (!s.ready || s.job) continue;
        idle += 1;
        if (!slot || s.idleSince < slot.idleSince) slot = s;
      }
      const job = slot && this.queue.next(idle);
      if (!slot || !job) break;
      this.clearWait(job);
      this.clearTimer(slot);
      slot.job = job;
      this.setBusy(slot, true);
      slot.timer = setTimeout(() => this.onDeadline(slot, job), job.request.timeoutMs + this.settings.hardGraceMs);
      slot.port.postMessage({ id: job.id, request: job.request });
    }
    this.keepSpare();
  }

  /**
   * Once every thread has been busy (none idle or starting) for spareDelayMs, starts one more, up
   * to maxThreads. The delay spares a loaded machine a thread start (QuickJS compiling, ~150 ms of
   * CPU) each time a short step takes the last idle thread for a few milliseconds.
   */
  private keepSpare(): void {
    if (this.spareTimer || !this.allBusy()) return;
    this.spareTimer = setTimeout(() => {
      this.spareTimer = null;
      if (this.allBusy()) this.spawn();
    }, this.settings.spareDelayMs);
    this.spareTimer.unref();
  }

  private allBusy(): boolean {
    if (this.closed || this.unavailable || this.slots.size >= this.settings.maxThreads) return false;
    for (const s of this.slots) if (!s.job) return false;
    return true;
  }

  private clearWait(job: Job): void {
    if (job.waitTimer) clearTimeout(job.waitTimer);
    job.waitTimer = null;
  }

  /** A busy thread keeps the process alive (its caller is waiting); an idle one does not. */
  private setBusy(slot: Slot, busy: boolean): void {
    if (busy) {
      slot.worker.ref();
      slot.port.ref();
    } else {
      slot.worker.unref();
      slot.port.unref();
    }
  }

  /** Retires a thread (ending its job with `reply`) and starts another in its place. */
  private async replace(slot: Slot, reply: RunReply): Promise<void> {
    const exited = this.retire(slot, reply);
    this.fill();
    this.dispatch();
    await exited;
  }

  private async retire(slot: Slot, reply: RunReply): Promise<void> {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    this.clearTimer(slot);
    slot.markStarted();
    this.endJob(slot, reply);
    slot.port.close();
    try {
      await slot.worker.terminate();
    } catch {
      // Already stopped.
    }
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
  }
}

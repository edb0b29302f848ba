/** Everything a test file prints (console and the process's stdout / stderr), to check no secret is logged. */
export interface CapturedOutput {
  text(): string;
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((m) => [m, console[m]] as const);
  for (const m of methods) {
    const original = console[m];
    console[m] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' '));
      original.apply(console, args);
    };
  }
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((s) => s.write);
  streams.forEach((stream, i) => {
    const original = writes[i] as typeof stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
  });
  return {
    text: () => lines.join('\n'),
    restore() {
      for (const [m, fn] of saved) console[m] = fn;
      streams.forEach((stream, i) => (stream.write = writes[i] as typeof stream.write));
    },
  };
}

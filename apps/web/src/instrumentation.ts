/** Runs once when the server starts: validate the environment and warm up before serving anything. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('./instrumentation-node')).ready();
}

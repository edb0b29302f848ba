import { defineConfig } from 'vitest/config';

// The sandbox tests start worker threads and load QuickJS (again after a test discards it):
// seconds on a busy machine, so the 5 s default is too tight for a test that is not about time.
export default defineConfig({
  test: {
    testTimeout: 30_000,
  },
});

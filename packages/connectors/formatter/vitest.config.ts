import { defineConfig } from 'vitest/config';

// Generous limits: CI may run on a busy machine; tests assert outcomes, not speed.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

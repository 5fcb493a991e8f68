import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three suites, one runner. `unit` sits beside the code it tests (src/**/x.test.ts);
// `interop` drives the real libqmi client and Node transports; `e2e` drives the built
// app in Debian's Chromium. scripts/test-all.mjs runs them in that order.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          // Vitest's default is one worker fewer than the cores: one on CI's two, so the files
          // ran one after another while most of them wait on timers (the virtual modem's boots
          // at 50×, fake links), not the CPU. Two at once on two loaded cores: 363 s instead of
          // 523 s for the whole suite (186 s when the machine was less busy).
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        test: {
          name: 'interop',
          include: ['tests/interop/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/interop/support/warm-cli.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Each concurrent run is a client, socat and a node simulator: three at a time keep
          // two cores answering within libqmi's timeouts (five did not, on a loaded machine).
          maxConcurrency: 3,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

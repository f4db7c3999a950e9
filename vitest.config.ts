import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser and process tests wait for what a live page or agent shows next. A CI machine
    // under load may take seconds; the default second made such waits flaky, not stricter.
    expect: { poll: { timeout: 10_000 } },
  },
});

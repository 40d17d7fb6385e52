import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print the plain 'N passed, N failed' line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          env: { LOG_LEVEL: 'SILENT' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/local-cloud-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One local cloud serves the files; they share its data, so they keep to their own items.
          fileParallelism: true,
        },
      },
      {
        test: {
          // The flows of the integration project again, with a share of the functions' AWS calls
          // faulted by the local cloud's chaos proxies (infra/local/chaos.ts).
          name: 'chaos',
          include: ['tests/chaos/**/*.test.ts'],
          globalSetup: ['tests/support/chaos-cloud-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // One flow at a time, so each prints its own figures.
          fileParallelism: false,
          // Run on its own (npm run test:chaos, after the others in npm test): on two cores its
          // cloud and faulted flows would otherwise race the other projects'.
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // After unit and integration: the IAM test reads the AWS calls the integration run recorded.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

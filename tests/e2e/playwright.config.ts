/**
 * Browser tests: Playwright drives Debian's Chromium against a local cloud it starts on its own
 * ports (so a running `npm start` is not disturbed), serving the built portal on :3100.
 */
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `Chromium not found at ${CHROMIUM}. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}

// E2E_PORT_SHIFT moves every port, so two working copies can run their browser tests at once.
const shift = Number(process.env.E2E_PORT_SHIFT ?? 0);
const port = (n: number) => String(n + shift);
export const PORTAL_URL = `http://127.0.0.1:${port(3100)}`;

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results/e2e',
  timeout: 30_000,
  expect: { timeout: 8_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/playwright.json' }]],
  use: {
    baseURL: PORTAL_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, grepInvert: /@phone/ },
    { name: 'phone', use: { ...devices['Pixel 7'], channel: undefined }, grep: /@phone/ },
  ],
  webServer: {
    command: `node --import tsx infra/local/start.ts --ephemeral --port ${port(3100)} --learners 2000 --titles 300`,
    cwd: '../..',
    url: `${PORTAL_URL}/health`,
    // Ready in ~30 s alone; a busy machine (another working copy's tests) can take several times that.
    timeout: 300_000,
    // E2E_REUSE=1: a cloud already started with the command above (iterating on one spec).
    reuseExistingServer: process.env.E2E_REUSE === '1',
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LOCAL_OIDC_PORT: port(3101),
      LOCAL_VNEID_PORT: port(3102),
      LOCAL_DYNAMODB_PORT: port(8100),
      LOCAL_S3_PORT: port(4669),
      LOCAL_SQS_PORT: port(9424),
      LOCAL_SFN_PORT: port(8183),
    },
  },
});

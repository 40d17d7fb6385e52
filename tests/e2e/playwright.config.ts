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

export const PORTAL_URL = 'http://127.0.0.1:3100';

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
    command: 'node --import tsx infra/local/start.ts --ephemeral --port 3100 --learners 2000 --titles 300',
    cwd: '../..',
    url: `${PORTAL_URL}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LOCAL_OIDC_PORT: '3101',
      LOCAL_VNEID_PORT: '3102',
      LOCAL_DYNAMODB_PORT: '8100',
      LOCAL_S3_PORT: '4669',
      LOCAL_SQS_PORT: '9424',
      LOCAL_SFN_PORT: '8183',
    },
  },
});

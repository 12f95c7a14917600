import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/seed.js';
import { requireOrSkip, testEnv } from './env.js';
import { startTestPlatform } from './platform.js';

// Debian's chromium, driven by playwright-core (Playwright's own browser download does not
// work on these machines). Flags per DESIGN.md §8.
export const chromiumPath = testEnv.chromiumPath;

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const screenshotDir = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export type ChromiumCheck = { available: true } | { available: false; reason: string };

export function chromiumAvailable(): ChromiumCheck {
  if (existsSync(chromiumPath)) return { available: true };
  return {
    available: false,
    reason: `Chromium not found at ${chromiumPath} (install the Debian package "chromium" or set CHROMIUM_PATH)`,
  };
}

/**
 * For a mocha `before` hook: skips the suite with a printed reason when Chromium is missing,
 * except under CI=true, where a missing browser is a failure.
 */
export function requireChromium(context: Mocha.Context): void {
  const check = chromiumAvailable();
  requireOrSkip(context, check.available, check.available ? '' : check.reason);
}

export interface BrowserSession {
  browser: Browser;
  /** A fresh context (own cookies and localStorage) with Italian browser locale, desktop size by default. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * For video calls (DESIGN.md §8): a synthetic camera and microphone granted without a prompt,
 * host candidates with real IPs (Janus on loopback cannot resolve mDNS names), and media that
 * plays without a click.
 */
const fakeMediaArgs = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchOptions {
  /** Fake camera and microphone, WebRTC usable against a loopback Janus (video suites). */
  fakeMedia?: boolean;
}

/**
 * Starts headless Chromium. Playwright gives each launch a fresh temporary profile
 * (user-data-dir) and removes it on close; each test takes its own context on top.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: options.fakeMedia ? [...chromiumArgs, ...fakeMediaArgs] : chromiumArgs,
  });
  return {
    browser,
    newContext: (options = {}) =>
      browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'it-IT',
        timezoneId: 'Europe/Rome',
        ...options,
      }),
    close: () => browser.close(),
  };
}

export const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

function fileName(name: string): string {
  const safe = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${safe || 'screenshot'}.png`;
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, fileName(name));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * For a mocha `afterEach` hook: when the test just failed, saves the page as
 * `failed-<test title>.png` and prints where it went.
 */
export async function screenshotOnFailure(
  context: Mocha.Context,
  page: Page | undefined,
): Promise<void> {
  const test = context.currentTest;
  if (!test || test.state !== 'failed' || !page || page.isClosed()) return;
  try {
    const file = await saveScreenshot(page, `failed-${test.fullTitle()}`);
    console.log(`      screenshot of the failure: ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    console.log(`      could not save a failure screenshot: ${String(error)}`);
  }
}

export interface BrowserSuite {
  /** Base URL of the platform under test. */
  readonly baseUrl: string;
  /** A fresh page (in a fresh context) for the current test. */
  readonly page: Page;
}

/**
 * Registers the hooks every browser suite needs: the composed platform and Chromium for the
 * suite, a fresh context per test, a screenshot when a test fails. Call inside `describe`.
 */
export function browserSuite(): BrowserSuite {
  let platform: { baseUrl: string; close(): Promise<void> } | undefined;
  let browser: BrowserSession | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  before(async function () {
    requireChromium(this);
    platform = await startTestPlatform();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });
  beforeEach(async () => {
    context = await browser!.newContext();
    page = await context.newPage();
  });
  afterEach(async function () {
    await screenshotOnFailure(this, page);
    await context?.close();
  });

  return {
    get baseUrl() {
      if (!platform) throw new Error('the platform is not started (outside a test?)');
      return platform.baseUrl;
    },
    get page() {
      if (!page) throw new Error('no page (outside a test?)');
      return page;
    },
  };
}

/** Signs a demo user in through the login page and waits to leave it. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

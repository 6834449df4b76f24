// Throwaway PostgreSQL and MariaDB servers on 127.0.0.1 for the sqldef tests: an owner role that can
// change the schema and a read-only role that can only read it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

const REPO_ROOT = new URL('../../..', import.meta.url).pathname;
/** The project's tools first, then the PostgreSQL server binaries, then PATH (no jest import: the bench uses this too). */
export const DB_TOOLS_PATH = [
  join(REPO_ROOT, '.tools', 'bin'),
  '/usr/lib/postgresql/15/bin',
  '/usr/sbin',
  '/sbin',
  process.env.PATH ?? '',
].join(delimiter);
const TOOLS_PATH = DB_TOOLS_PATH;

function findTool(name: string): string | undefined {
  for (const dir of TOOLS_PATH.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export interface Role {
  user: string;
  password: string;
}

export type SqlRole = 'owner' | 'readonly' | 'admin';

/** The same shape as the shared harness's SqlServer, so that the tests can move to it unchanged. */
export interface DatabaseServer {
  kind: 'postgres' | 'mariadb';
  host: '127.0.0.1';
  port: number;
  database: string;
  owner: Role;
  readonly: Role;
  admin: Role;
  url(role?: SqlRole): string;
  /** Runs SQL with the command-line client as `role` (default owner); returns its tab-separated stdout. */
  sql(query: string, role?: SqlRole): Promise<string>;
  stop(): Promise<void>;
}

export const POSTGRES_TOOLS = ['initdb', 'postgres', 'psql'];
export const MARIADB_TOOLS = ['mariadbd', 'mariadb-install-db', 'mariadb'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

function tool(name: string): string {
  const path = findTool(name);
  if (!path) throw new Error(`${name} is not installed: run \`npm run provision\`.`);
  return path;
}

/** uid/gid of an unprivileged account when running as root (the servers refuse root). */
function runAs(name: string): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function ownedTempDir(prefix: string, account: string): { dir: string; uid?: number; gid?: number } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const ids = runAs(account);
  if (ids.uid !== undefined && ids.gid !== undefined) chownSync(dir, ids.uid, ids.gid);
  chmodSync(dir, 0o700);
  return { dir, ...ids };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    if (await portOpen(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not listen on ${port}:\n${log()}`);
}

function startProcess(command: string, args: string[], ids: { uid?: number; gid?: number }) {
  const child = spawn(command, args, {
    ...ids,
    env: { PATH: TOOLS_PATH, LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', kill);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(kill, 10_000);
    await exited;
    clearTimeout(timer);
    process.removeListener('exit', kill);
  };
  return { child, log: () => output, stop };
}

export async function startPostgres(): Promise<DatabaseServer> {
  const { dir, uid, gid } = ownedTempDir('sqldef-pg', 'postgres');
  const data = join(dir, 'data');
  const port = await freePort();
  const ids = { uid, gid };
  const pwfile = join(dir, 'pw');
  const owner = { user: 'app_owner', password: 'owner-S3cret-pw' };
  const readonly = { user: 'app_reader', password: 'reader-S3cret-pw' };
  writeFileSync(pwfile, 'superuser-pw\n');
  if (uid !== undefined && gid !== undefined) chownSync(pwfile, uid, gid);
  execFileSync(
    tool('initdb'),
    ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync'],
    { ...ids, env: { PATH: TOOLS_PATH, LANG: 'C' }, stdio: 'pipe' },
  );
  const server = startProcess(
    tool('postgres'),
    ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-F', '-c', 'fsync=off'],
    ids,
  );
  await waitForPort(port, server.child, server.log);
  const admin = { user: 'postgres', password: 'superuser-pw' };
  const psql = (sql: string, database = 'postgres', role: Role = admin) =>
    execFileSync(
      tool('psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        role.user,
        '-d',
        database,
        '-v',
        'ON_ERROR_STOP=1',
        '-AtqF',
        '\t',
        '-c',
        sql,
      ],
      { env: { PATH: TOOLS_PATH, PGPASSWORD: role.password }, encoding: 'utf8', stdio: 'pipe' },
    );
  // The server accepts TCP before it accepts logins.
  for (let attempt = 0; ; attempt++) {
    try {
      psql('SELECT 1');
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  psql(`CREATE ROLE ${owner.user} LOGIN PASSWORD '${owner.password}'`);
  psql(`CREATE ROLE ${readonly.user} LOGIN PASSWORD '${readonly.password}'`);
  psql(`CREATE DATABASE app OWNER ${owner.user}`);
  psql(`REVOKE CREATE ON SCHEMA public FROM PUBLIC; ALTER SCHEMA public OWNER TO ${owner.user};`, 'app');
  psql(
    `GRANT CONNECT ON DATABASE app TO ${readonly.user}; GRANT USAGE ON SCHEMA public TO ${readonly.user};` +
      ` ALTER DEFAULT PRIVILEGES FOR ROLE ${owner.user} IN SCHEMA public GRANT SELECT ON TABLES TO ${readonly.user};`,
    'app',
  );
  const roles = { owner, readonly, admin };
  return {
    kind: 'postgres',
    host: '127.0.0.1',
    port,
    database: 'app',
    owner,
    readonly,
    admin,
    url: (role = 'owner') =>
      `postgres://${roles[role].user}:${roles[role].password}@127.0.0.1:${port}/app?sslmode=disable`,
    sql: async (sql, role = 'owner') => psql(sql, 'app', roles[role]),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startMariaDB(): Promise<DatabaseServer> {
  const { dir, uid, gid } = ownedTempDir('sqldef-maria', 'mysql');
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const port = await freePort();
  const ids = { uid, gid };
  const owner = { user: 'app_owner', password: 'owner-S3cret-pw' };
  const readonly = { user: 'app_reader', password: 'reader-S3cret-pw' };
  execFileSync(
    tool('mariadb-install-db'),
    ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
    { ...ids, env: { PATH: TOOLS_PATH, LANG: 'C' }, stdio: 'pipe' },
  );
  const server = startProcess(
    tool('mariadbd'),
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--skip-log-bin',
      '--innodb-flush-log-at-trx-commit=0',
      '--skip-name-resolve',
    ],
    ids,
  );
  await waitForPort(port, server.child, server.log);
  // root has no password and is reachable only through the socket in the private temp directory.
  const admin = { user: 'root', password: '' };
  const mariadb = (sql: string, database?: string, role: Role = admin) =>
    execFileSync(
      tool('mariadb'),
      [
        '--no-defaults',
        ...(role === admin
          ? [`--socket=${socket}`]
          : ['--protocol=TCP', '-h', '127.0.0.1', '-P', String(port)]),
        '-u',
        role.user,
        '-N',
        '-B',
        ...(database ? [database] : []),
        '-e',
        sql,
      ],
      { env: { PATH: TOOLS_PATH, MYSQL_PWD: role.password }, encoding: 'utf8', stdio: 'pipe' },
    );
  for (let attempt = 0; ; attempt++) {
    try {
      mariadb('SELECT 1');
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  mariadb(
    [
      'CREATE DATABASE app',
      `CREATE USER '${owner.user}'@'%' IDENTIFIED BY '${owner.password}'`,
      `CREATE USER '${readonly.user}'@'%' IDENTIFIED BY '${readonly.password}'`,
      `GRANT ALL PRIVILEGES ON app.* TO '${owner.user}'@'%'`,
      `GRANT SELECT, SHOW VIEW ON app.* TO '${readonly.user}'@'%'`,
    ].join(';'),
  );
  const roles = { owner, readonly, admin };
  return {
    kind: 'mariadb',
    host: '127.0.0.1',
    port,
    database: 'app',
    owner,
    readonly,
    admin,
    url: (role = 'owner') => `mysql://${roles[role].user}:${roles[role].password}@127.0.0.1:${port}/app`,
    sql: async (sql, role = 'owner') => mariadb(sql, 'app', roles[role]),
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

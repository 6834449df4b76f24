/**
 * Real local servers for integration tests. Each starts on 127.0.0.1 on a free port with its data in a
 * temp dir, resolves once the server answers, and is ended by `stop()` (process group SIGTERM, then
 * SIGKILL; temp dir removed). Servers also die with the test process (PR_SET_PDEATHSIG), so a test that
 * fails before its `afterAll` leaves no process or port behind. Typical use:
 *
 *   let registry: Registry;
 *   beforeAll(async () => { registry = await startRegistry({ auth: { username: 'ci', password: 'pw' } }); });
 *   afterAll(() => registry?.stop());
 *
 * Gate the suite on its tools with `describeWithTools(SERVICE_TOOLS.registry, ...)` (test/harness/tools.ts).
 *
 * - `startRegistry({auth?})` → `{host: '127.0.0.1:PORT', url, auth, stop()}`: a real OCI distribution
 *   registry (`docker-registry serve`), with htpasswd (bcrypt) basic auth when `auth` is given.
 * - `startMoto()` → `{endpoint, accountId, region, env, reset(), stop()}`: moto server (STS, ECR, EKS, …);
 *   `env` holds AWS_ENDPOINT_URL, fake static keys and AWS_REGION for the SDK or a child process.
 * - `fakeOidcServer({claims?})` → `{url, token, env, requests, claims, stop()}`: answers GitHub's OIDC token
 *   request (`ACTIONS_ID_TOKEN_REQUEST_URL`/`_TOKEN`, `?audience=`) with `{ value: <unsigned JWT> }`
 *   carrying GitHub-like claims (override or add with `claims`; `aud` is the requested audience).
 * - `startPostgres()` / `startMariaDB()` → `{host, port, database, owner, readonly, url(role?), sql(query,
 *   role?), createDatabase(name), stop()}`: `owner` owns `database`; `readonly` may only read it (SELECT,
 *   also on tables the owner creates later). PostgreSQL runs as the unprivileged user `pgtest` when the
 *   tests run as root (scripts/provision creates it). `url()` is postgres:// or mysql://.
 * - `startGitServer({auth?, github?})` → `{baseUrl, root, createBareRepo(name, files?), repoUrl(name,
 *   token?), stop()}`: smart HTTP git remote (`git http-backend` behind a small node server; clone, fetch
 *   and push). `createBareRepo` returns `{url, path}`, seeded with one commit on `main` when `files` are
 *   given. With `auth`, requests need basic auth (`http://user:pass@…`), as GitHub's
 *   `x-access-token:<token>`. With `github` (the emulator), it serves the emulator's repositories
 *   read-only, their objects and refs exported on each request (github/git-export.ts), so a merged bump PR
 *   is exactly what a GitOps controller fetches.
 * - `containerStorage({insecureRegistries?})` → `{root, runroot, args, buildArgs, env, cleanup()}`: podman
 *   and buildah with storage in a temp dir (vfs driver) and chroot isolation (nothing runs a container).
 *   `args` are the global flags (`podman ...args build ...buildArgs`); `env` does the same through
 *   CONTAINERS_STORAGE_CONF / CONTAINERS_CONF / CONTAINERS_REGISTRIES_CONF / REGISTRY_AUTH_FILE /
 *   BUILDAH_ISOLATION for code that runs podman or buildah itself.
 * - Kubernetes (test/harness/kube/, exported here): `startControlPlane({registries?, nodes?, tokenWebhook?})`
 *   → etcd, kube-apiserver (RBAC), controller-manager, scheduler and kwok nodes, with an admin `client`,
 *   `clientFor(user, groups)` and per-test kwok Stages (`crashLoopStage`, `neverReadyStage`; ErrImagePull
 *   comes from the registry itself); `startEksAuthenticator` (the token webhook EKS uses, against moto's
 *   STS); `startTestExecutor` (runs labelled pods' containers with buildah); `startArgoCd`, `startFlux`
 *   (kube/gitops.ts); `startGitOpsPipeline` (kube/gitops-pipeline.ts: emulator manifests repo → git server →
 *   real Argo CD or Flux → cluster, with bump PRs from the update-image-tag bundle and deploy-status).
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import {
  freePort,
  httpAnswers,
  portOpen,
  removeDir,
  requireTool,
  ServiceProcess,
  tempDir,
} from './service-process.js';
import { TOOLS_PATH } from './tool-path.js';
import { GitExport } from './github/git-export.js';
import { permissionAtLeast, type GitHubState, type Repository } from './github/state.js';

export { freePort } from './service-process.js';

const execFileAsync = promisify(execFile);

/** The tools each service needs, for describeWithTools(). */
export const SERVICE_TOOLS = {
  registry: ['docker-registry', 'htpasswd'],
  moto: ['moto_server'],
  postgres: ['initdb', 'postgres', 'psql', 'setpriv'],
  mariadb: ['mariadb-install-db', 'mariadbd', 'mariadb'],
  git: ['git'],
  podman: ['podman'],
  buildah: ['buildah'],
  skopeo: ['skopeo'],
  squid: ['squid'],
} as const satisfies Record<string, readonly string[]>;

export interface Credentials {
  username: string;
  password: string;
}

async function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<string> {
  const file = requireTool(command);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...process.env, PATH: TOOLS_PATH, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else
        reject(
          Object.assign(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr}${stdout}`), {
            stdout,
            stderr,
            code,
          }),
        );
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the tool may exit before reading all of it
      child.stdin.end(options.input);
    }
  });
}

function secret(): string {
  return randomBytes(12).toString('hex');
}

// ---- OCI registry --------------------------------------------------------------------------------------

export interface Registry {
  /** `127.0.0.1:PORT`, as used in image references. */
  host: string;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  auth?: Credentials;
  stop(): Promise<void>;
}

export async function startRegistry(options: { auth?: Credentials } = {}): Promise<Registry> {
  const binary = requireTool('docker-registry');
  const dir = tempDir('registry');
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${secret()}`,
  ];
  if (options.auth) {
    await run('htpasswd', [
      '-B',
      '-b',
      '-c',
      join(dir, 'htpasswd'),
      options.auth.username,
      options.auth.password,
    ]);
    config.push('auth:', '  htpasswd:', '    realm: test-registry', `    path: ${join(dir, 'htpasswd')}`);
  }
  writeFileSync(join(dir, 'config.yml'), config.join('\n') + '\n');
  const server = new ServiceProcess('docker-registry', binary, ['serve', join(dir, 'config.yml')]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await server.waitUntil(() => httpAnswers(`${url}/v2/`));
  } catch (error) {
    removeDir(dir);
    throw error;
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    auth: options.auth,
    async stop() {
      await server.stop();
      removeDir(dir);
    },
  };
}

// ---- moto (AWS) --------------------------------------------------------------------------------------------

export interface Moto {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** moto's default account. */
  accountId: string;
  region: string;
  /** AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_DEFAULT_REGION. */
  env: Record<string, string>;
  /** Forgets every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMoto(options: { region?: string } = {}): Promise<Moto> {
  const binary = requireTool('moto_server');
  const port = await freePort();
  const region = options.region ?? 'us-east-1';
  const server = new ServiceProcess('moto_server', binary, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { PYTHONUNBUFFERED: '1' },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await server.waitUntil(() => httpAnswers(`${endpoint}/moto-api/data.json`));
  return {
    endpoint,
    accountId: '123456789012',
    region,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
    },
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop: () => server.stop(),
  };
}

// ---- fake GitHub OIDC token endpoint ---------------------------------------------------------------------

export interface FakeOidc {
  /** ACTIONS_ID_TOKEN_REQUEST_URL (with `?api-version=2.0`, as GitHub gives it). */
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN: the bearer token the endpoint requires. */
  token: string;
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** Claims of every issued token (change it to change later tokens). */
  claims: Record<string, unknown>;
  /** Audiences requested, in order. */
  requests: { audience: string | null }[];
  /** Answers the next `n` requests with this HTTP status instead of a token. */
  failNext(status: number, n?: number): void;
  stop(): Promise<void>;
}

export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part(claims)}.${Buffer.from('unsigned').toString('base64url')}`;
}

export async function fakeOidcServer(options: { claims?: Record<string, unknown> } = {}): Promise<FakeOidc> {
  const token = secret();
  const repository = 'octo-org/octo-repo';
  const claims: Record<string, unknown> = {
    iss: 'https://token.actions.githubusercontent.com',
    sub: `repo:${repository}:ref:refs/heads/main`,
    repository,
    repository_owner: 'octo-org',
    ref: 'refs/heads/main',
    sha: 'a'.repeat(40),
    workflow: 'deploy',
    job_workflow_ref: `${repository}/.github/workflows/deploy.yml@refs/heads/main`,
    event_name: 'push',
    run_id: '1',
    run_attempt: '1',
    ...options.claims,
  };
  const requests: { audience: string | null }[] = [];
  let failures: { status: number; left: number } | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
      return;
    }
    const audience = requestUrl.searchParams.get('audience');
    requests.push({ audience });
    if (failures && failures.left > 0) {
      failures.left -= 1;
      res.writeHead(failures.status, { 'content-type': 'application/json' }).end('{"message":"fault"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const value = unsignedJwt({
      jti: secret(),
      aud: audience ?? `https://github.com/${String(claims.repository_owner ?? 'octo-org')}`,
      nbf: now - 5,
      iat: now - 5,
      exp: now + 300,
      ...claims,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value }));
  });
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}/_apis/token?api-version=2.0`;
  return {
    url,
    token,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: token },
    claims,
    requests,
    failNext(status, n = 1) {
      failures = { status, left: n };
    },
    stop: () => closeServer(server),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// ---- SQL databases ---------------------------------------------------------------------------------------

export type SqlRole = 'owner' | 'readonly' | 'admin';

export interface SqlServer {
  kind: 'postgres' | 'mariadb';
  host: '127.0.0.1';
  port: number;
  /** The database `owner` owns and `readonly` may read. */
  database: string;
  owner: Credentials;
  readonly: Credentials;
  /** Superuser (postgres) / root (mariadb). */
  admin: Credentials;
  /** Connection URL, e.g. postgres://owner:pw@127.0.0.1:PORT/app?sslmode=disable or mysql://…. */
  url(role?: SqlRole, database?: string): string;
  /** Runs SQL with the command-line client over TCP as `role` (default owner); returns its tab-separated stdout. */
  sql(query: string, role?: SqlRole, database?: string): Promise<string>;
  /** Creates another database owned by `owner`, readable by `readonly`. */
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const PG_USER = 'pgtest';

export async function startPostgres(): Promise<SqlServer> {
  const initdb = requireTool('initdb');
  const postgres = requireTool('postgres');
  const dir = tempDir('postgres');
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const sockets = join(dir, 'sockets');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(sockets, { mode: 0o755 });
  const admin = { username: 'postgres', password: secret() };
  writeFileSync(join(dir, 'pwfile'), admin.password + '\n', { mode: 0o644 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await execFileAsync('id', ['-u', PG_USER]).catch(() => {
      throw new Error(
        `PostgreSQL refuses to run as root and the user '${PG_USER}' does not exist: run \`npm run provision\`.`,
      );
    });
    const uid = Number(stdout.trim());
    const { stdout: gid } = await execFileAsync('id', ['-g', PG_USER]);
    for (const path of [data, sockets]) chownSync(path, uid, Number(gid.trim()));
  }
  const init = new ServiceProcess(
    'initdb',
    initdb,
    [
      '-D',
      data,
      '-U',
      admin.username,
      `--pwfile=${join(dir, 'pwfile')}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ],
    { user: asRoot ? PG_USER : undefined, cwd: dir },
  );
  await new Promise<void>((resolve, reject) => {
    init.child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`initdb exited ${code}:\n${init.log}`)),
    );
    init.child.once('error', reject);
  }).catch((error: unknown) => {
    removeDir(dir);
    throw error;
  });
  const port = await freePort();
  const server = new ServiceProcess(
    'postgres',
    postgres,
    [
      '-D',
      data,
      '-k',
      sockets,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=50',
    ],
    { user: asRoot ? PG_USER : undefined, cwd: dir },
  );
  const owner = { username: 'owner', password: secret() };
  const readonly = { username: 'readonly', password: secret() };
  const database = 'app';
  const credentials = { admin, owner, readonly };
  const psql = (query: string, role: SqlRole = 'owner', db = database) =>
    run(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-At',
        '-F',
        '\t',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        credentials[role].username,
        '-d',
        db,
      ],
      {
        input: query,
        env: { PGPASSWORD: credentials[role].password, PGCONNECT_TIMEOUT: '5' },
      },
    );
  const createDatabase = async (name: string) => {
    await psql(`CREATE DATABASE "${name}" OWNER owner;`, 'admin', 'postgres');
    await psql(
      [
        `GRANT CONNECT ON DATABASE "${name}" TO readonly;`,
        'GRANT USAGE ON SCHEMA public TO readonly;',
        'GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly;',
        'GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO readonly;',
        'ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA public GRANT SELECT ON TABLES TO readonly;',
        'ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA public GRANT SELECT ON SEQUENCES TO readonly;',
      ].join('\n'),
      'admin',
      name,
    );
  };
  try {
    await server.waitUntil(() => psql('SELECT 1', 'admin', 'postgres').then(() => true));
    await psql(
      [
        `CREATE ROLE owner LOGIN PASSWORD '${owner.password}';`,
        `CREATE ROLE readonly LOGIN PASSWORD '${readonly.password}';`,
        'REVOKE ALL ON DATABASE postgres FROM PUBLIC;',
      ].join('\n'),
      'admin',
      'postgres',
    );
    await createDatabase(database);
  } catch (error) {
    await server.stop();
    removeDir(dir);
    throw error;
  }
  return {
    kind: 'postgres',
    host: '127.0.0.1',
    port,
    database,
    owner,
    readonly,
    admin,
    url: (role = 'owner', db = database) =>
      `postgres://${credentials[role].username}:${credentials[role].password}@127.0.0.1:${port}/${db}?sslmode=disable`,
    sql: psql,
    createDatabase,
    async stop() {
      await server.stop(10000);
      removeDir(dir);
    },
  };
}

export async function startMariaDB(): Promise<SqlServer> {
  const installDb = requireTool('mariadb-install-db');
  const mariadbd = requireTool('mariadbd');
  const dir = tempDir('mariadb');
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const asRoot = process.getuid?.() === 0;
  const userArgs = asRoot ? ['--user=root'] : [];
  const install = new ServiceProcess(
    'mariadb-install-db',
    installDb,
    [
      '--no-defaults',
      `--datadir=${data}`,
      ...userArgs,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ],
    { cwd: dir },
  );
  await new Promise<void>((resolve, reject) => {
    install.child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`mariadb-install-db exited ${code}:\n${install.log}`)),
    );
    install.child.once('error', reject);
  }).catch((error: unknown) => {
    removeDir(dir);
    throw error;
  });
  const port = await freePort();
  const server = new ServiceProcess(
    'mariadbd',
    mariadbd,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mariadbd.pid')}`,
      `--tmpdir=${dir}`,
      ...userArgs,
      '--skip-name-resolve',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=16M',
      '--innodb-flush-log-at-trx-commit=0',
      '--skip-innodb-doublewrite',
      '--max-connections=50',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
    ],
    { cwd: dir },
  );
  const admin = { username: 'root', password: '' };
  const owner = { username: 'owner', password: secret() };
  const readonly = { username: 'readonly', password: secret() };
  const database = 'app';
  const credentials = { admin, owner, readonly };
  const mariadb = (query: string, role: SqlRole = 'owner', db = database) => {
    const connection =
      role === 'admin'
        ? [`--socket=${socket}`, '-uroot']
        : ['--protocol=TCP', '-h', '127.0.0.1', '-P', String(port), '-u', credentials[role].username];
    return run(
      'mariadb',
      [
        '--no-defaults',
        ...connection,
        '--batch',
        '--skip-column-names',
        '--connect-timeout=5',
        ...(db ? [db] : []),
      ],
      {
        input: query,
        env: role === 'admin' ? {} : { MYSQL_PWD: credentials[role].password },
      },
    );
  };
  const createDatabase = async (name: string) => {
    await mariadb(
      [
        `CREATE DATABASE \`${name}\`;`,
        `GRANT ALL PRIVILEGES ON \`${name}\`.* TO 'owner'@'%';`,
        `GRANT SELECT, SHOW VIEW ON \`${name}\`.* TO 'readonly'@'%';`,
      ].join('\n'),
      'admin',
      '',
    );
  };
  try {
    await server.waitUntil(() => mariadb('SELECT 1', 'admin', '').then(() => true));
    await mariadb(
      [
        `CREATE USER 'owner'@'%' IDENTIFIED BY '${owner.password}';`,
        `CREATE USER 'readonly'@'%' IDENTIFIED BY '${readonly.password}';`,
      ].join('\n'),
      'admin',
      '',
    );
    await createDatabase(database);
  } catch (error) {
    await server.stop();
    removeDir(dir);
    throw error;
  }
  return {
    kind: 'mariadb',
    host: '127.0.0.1',
    port,
    database,
    owner,
    readonly,
    admin,
    url: (role = 'owner', db = database) =>
      `mysql://${credentials[role].username}:${credentials[role].password}@127.0.0.1:${port}/${db}`,
    sql: mariadb,
    createDatabase,
    async stop() {
      await server.stop(10000);
      removeDir(dir);
    },
  };
}

// ---- git over HTTP -------------------------------------------------------------------------------------

export interface GitServer {
  /** `http://127.0.0.1:PORT` (with `user:pass@` when the server requires auth). */
  baseUrl: string;
  /** Directory holding the bare repositories. */
  root: string;
  /** Creates `<name>.git` (name may contain `/`); with `files`, one commit on `main` holding them. */
  createBareRepo(name: string, files?: Record<string, string>): Promise<{ url: string; path: string }>;
  /**
   * Clone URL of `owner/name` (an emulator repository with `github`), with `x-access-token:<token>@` when a
   * token is given, as GitHub's git over HTTPS takes an installation token.
   */
  repoUrl(fullName: string, token?: string): string;
  stop(): Promise<void>;
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export interface GitServerOptions {
  auth?: Credentials;
  /**
   * Serve the GitHub emulator's repositories at `/<owner>/<name>.git` (read-only, as git over HTTPS reads
   * GitHub): each request first writes the emulator's new objects and its refs into the served copy
   * (test/harness/github/git-export.ts), so a merge in the emulator is what the next fetch gets. A private
   * repository needs basic auth whose password is a token the emulator knows with read permission on it
   * (`x-access-token:<token>`, as GitHub takes it): none or a bad one is 401, a token without access 404.
   * A push to them is refused (403): changes go through the emulator's API.
   */
  github?: { state: GitHubState };
}

function unauthorized(res: ServerResponse, realm: string): void {
  res.writeHead(401, { 'www-authenticate': `Basic realm="${realm}"`, 'content-type': 'text/plain' }).end();
}

/** Whether an emulator repository may be read with these request headers; answers the refusal itself. */
function emulatorAccess(
  state: GitHubState,
  repo: Repository,
  authorization: string | undefined,
  res: ServerResponse,
): boolean {
  if (repo.visibility === 'public') return true;
  const match = /^Basic (.+)$/i.exec(authorization ?? '');
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const password = decoded.slice(decoded.indexOf(':') + 1);
  const login = decoded.includes(':') ? state.tokens.get(password) : undefined;
  if (!login) {
    unauthorized(res, 'GitHub');
    return false;
  }
  if (!permissionAtLeast(state.permission(repo, login), 'read')) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Repository not found.\n');
    return false;
  }
  return true;
}

const GIT_PATH =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?(\/(?:info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+))$/;

export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const git = requireTool('git');
  const root = tempDir('git-server');
  const expected = options.auth
    ? `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`
    : undefined;
  const exporter = options.github ? new GitExport(options.github.state, root) : undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let pathInfo = decodeURIComponent(url.pathname);
    const match = exporter ? GIT_PATH.exec(pathInfo) : null;
    const repo = match ? exporter!.repository(`${match[1]}/${match[2]}`) : undefined;
    if (repo) {
      const push =
        match![3] === '/git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
      if (push) {
        res
          .writeHead(403, { 'content-type': 'text/plain' })
          .end(`${repo.fullName} is read-only here: change it through the GitHub API emulator.\n`);
        return;
      }
      if (!emulatorAccess(options.github!.state, repo, req.headers.authorization, res)) return;
      try {
        exporter!.sync(repo);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
        return;
      }
      pathInfo = `/${repo.owner}/${repo.name}.git${match![3]}`;
    } else if (expected && req.headers.authorization !== expected) {
      unauthorized(res, 'git');
      return;
    }
    const env: Record<string, string> = {
      PATH: TOOLS_PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      REMOTE_USER: options.auth?.username ?? 'anonymous',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: pathInfo,
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      SERVER_PROTOCOL: 'HTTP/1.1',
      GATEWAY_INTERFACE: 'CGI/1.1',
    };
    if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') env[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
    }
    const cgi = spawn(git, ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    cgi.stdin.on('error', () => undefined); // http-backend may exit before reading the whole body
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    let stderr = '';
    cgi.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      const endLf = head.indexOf('\n\n');
      const cut = end >= 0 ? end : endLf;
      if (cut < 0) return;
      const headerText = head.subarray(0, cut).toString('latin1');
      const body = head.subarray(cut + (end >= 0 ? 4 : 2));
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of headerText.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      headersSent = true;
      if (body.length > 0) res.write(body);
    });
    cgi.on('close', (code) => {
      if (!headersSent) {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`git http-backend exited ${code}: ${stderr}`);
        return;
      }
      res.end();
    });
    cgi.on('error', (error) => {
      if (!headersSent) res.writeHead(500).end(error.message);
    });
  });
  const port = await listen(server);
  const auth = options.auth
    ? `${encodeURIComponent(options.auth.username)}:${encodeURIComponent(options.auth.password)}@`
    : '';
  const baseUrl = `http://${auth}127.0.0.1:${port}`;
  return {
    baseUrl,
    root,
    repoUrl: (fullName, token) =>
      token === undefined
        ? `${baseUrl}/${fullName}.git`
        : `http://x-access-token:${encodeURIComponent(token)}@127.0.0.1:${port}/${fullName}.git`,
    async createBareRepo(name, files) {
      const path = join(root, `${name}.git`);
      mkdirSync(dirname(path), { recursive: true });
      await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', path], { env: GIT_IDENTITY });
      await run('git', ['-C', path, 'config', 'http.receivepack', 'true'], { env: GIT_IDENTITY });
      if (files) {
        const work = tempDir('git-seed');
        try {
          await run('git', ['init', '--quiet', '--initial-branch=main', work], { env: GIT_IDENTITY });
          for (const [file, content] of Object.entries(files)) {
            mkdirSync(dirname(join(work, file)), { recursive: true });
            writeFileSync(join(work, file), content);
          }
          await run('git', ['-C', work, 'add', '--all'], { env: GIT_IDENTITY });
          await run('git', ['-C', work, 'commit', '--quiet', '-m', 'Initial commit'], { env: GIT_IDENTITY });
          await run('git', ['-C', work, 'push', '--quiet', path, 'main'], { env: GIT_IDENTITY });
        } finally {
          removeDir(work);
        }
      }
      return { url: `${baseUrl}/${name}.git`, path };
    },
    async stop() {
      await closeServer(server);
      removeDir(root);
    },
  };
}

// ---- podman / buildah storage ----------------------------------------------------------------------------

export interface ContainerStorage {
  root: string;
  runroot: string;
  /** Global flags for podman/buildah/skopeo: --root, --runroot, --storage-driver vfs. */
  args: string[];
  /** Flags for `build`/`bud`: --isolation chroot. */
  buildArgs: string[];
  /** The same through the environment, for code that runs podman/buildah itself. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function containerStorage(
  options: { insecureRegistries?: string[] } = {},
): Promise<ContainerStorage> {
  const dir = tempDir('containers');
  const root = join(dir, 'root');
  const runroot = join(dir, 'runroot');
  mkdirSync(root);
  mkdirSync(runroot);
  writeFileSync(
    join(dir, 'storage.conf'),
    `[storage]\ndriver = "vfs"\ngraphroot = "${root}"\nrunroot = "${runroot}"\n`,
  );
  writeFileSync(
    join(dir, 'containers.conf'),
    '[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' +
      `events_logfile_path = "${join(dir, 'events.log')}"\n[containers]\nnetns = "host"\n`,
  );
  writeFileSync(
    join(dir, 'registries.conf'),
    'unqualified-search-registries = []\n' +
      (options.insecureRegistries ?? [])
        .map((host) => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`)
        .join(''),
  );
  writeFileSync(join(dir, 'auth.json'), '{}\n');
  return {
    root,
    runroot,
    args: ['--root', root, '--runroot', runroot, '--storage-driver', 'vfs'],
    buildArgs: ['--isolation', 'chroot'],
    env: {
      CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
      CONTAINERS_CONF: join(dir, 'containers.conf'),
      CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf'),
      REGISTRY_AUTH_FILE: join(dir, 'auth.json'),
      BUILDAH_ISOLATION: 'chroot',
      STORAGE_DRIVER: 'vfs',
      TMPDIR: dir,
    },
    async cleanup() {
      removeDir(dir);
    },
  };
}

// ---- squid: a real HTTP forward proxy --------------------------------------------------------------------

export interface ForwardProxy {
  /** `http://127.0.0.1:PORT`, for HTTP(S)_PROXY. */
  url: string;
  /** Every request squid handled so far, as `METHOD URL STATUS` (CONNECT shows `host:port`). */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * squid on 127.0.0.1 with its own hosts file: each name in `hosts` resolves to 127.0.0.1 for the proxy only,
 * so a client sends requests for those names through the proxy (a loopback address would bypass it).
 */
export async function startForwardProxy(options: { hosts: string[] }): Promise<ForwardProxy> {
  const binary = requireTool('squid');
  const dir = tempDir('squid');
  chmodSync(dir, 0o777); // squid started as root works as its unprivileged user
  const port = await freePort();
  const log = join(dir, 'access.log');
  writeFileSync(join(dir, 'hosts'), options.hosts.map((host) => `127.0.0.1 ${host}`).join('\n') + '\n');
  writeFileSync(
    join(dir, 'squid.conf'),
    [
      `http_port 127.0.0.1:${port}`,
      'http_access allow all',
      'cache deny all',
      `hosts_file ${join(dir, 'hosts')}`,
      'logformat requests %rm %ru %>Hs',
      `access_log stdio:${log} requests`,
      'buffered_logs off',
      `cache_log ${join(dir, 'cache.log')}`,
      `pid_filename ${join(dir, 'squid.pid')}`,
      `coredump_dir ${dir}`,
      'shutdown_lifetime 0 seconds',
      'visible_hostname forward-proxy.test',
      '',
    ].join('\n'),
  );
  writeFileSync(log, '');
  chmodSync(log, 0o666);
  const server = new ServiceProcess('squid', binary, ['-N', '-f', join(dir, 'squid.conf')]);
  try {
    await server.waitUntil(() => portOpen(port));
  } catch (error) {
    removeDir(dir);
    throw error;
  }
  const { readFile } = await import('node:fs/promises');
  return {
    url: `http://127.0.0.1:${port}`,
    async requests() {
      return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    },
    async stop() {
      await server.stop();
      removeDir(dir);
    },
  };
}

export { portOpen };

// ---- Kubernetes (test/harness/kube/) -------------------------------------------------------------------
export {
  startControlPlane,
  installCrdFiles,
  KUBE_TOOLS,
  type ControlPlane,
  type ControlPlaneOptions,
} from './kube/control-plane.js';
export { startEksAuthenticator, type EksAuthenticator, type RoleMapping } from './kube/eks-authenticator.js';
export { startTestExecutor, type TestExecutor } from './kube/executor.js';
export { pushTestImage } from './kube/images.js';
export { crashLoopStage, neverReadyStage, EXECUTOR_LABEL, SCENARIO_LABEL } from './kube/stages.js';
export { startArgoCd, refreshArgoApp, ARGOCD_TOOLS } from './kube/gitops.js';

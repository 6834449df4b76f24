// sqldef-migrate run-in kubernetes, end to end: the bundle as a runner runs it, a real API server with kwok
// nodes, the test executor running the Job's pod with real psqldef/mysqldef from an image in the test
// registry, against real PostgreSQL and MariaDB, commenting through the GitHub API emulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { startGitHubEmulator } from '../../harness/github/index.js';
import { startControlPlane, KUBE_TOOLS, type ControlPlane } from '../../harness/kube/control-plane.js';
import { startTestExecutor, type TestExecutor } from '../../harness/kube/executor.js';
import { EXECUTOR_LABEL } from '../../harness/kube/stages.js';
import { runAction, type ActionRun } from '../../harness/run-action.js';
import { tempDir } from '../../harness/service-process.js';
import {
  containerStorage,
  SERVICE_TOOLS,
  startMariaDB,
  startPostgres,
  startRegistry,
  type ContainerStorage,
  type Registry,
  type SqlServer,
} from '../../harness/services.js';
import { describeWithTools, findTool, TOOLS_PATH } from '../../harness/tools.js';

const exec = promisify(execFile);
type Emulator = Awaited<ReturnType<typeof startGitHubEmulator>>;

const NAMESPACE = 'apps';
const USERS = 'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL\n);\n';
const USERS_EMAIL =
  'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  email text\n);\n';

/** The Role the README documents for run-in kubernetes. */
const RULES = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'delete'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['list'] },
  {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['create', 'get', 'update', 'delete', 'watch', 'list'],
  },
];

describeWithTools(
  [
    ...KUBE_TOOLS,
    ...SERVICE_TOOLS.registry,
    ...SERVICE_TOOLS.buildah,
    ...SERVICE_TOOLS.postgres,
    ...SERVICE_TOOLS.mariadb,
    'psqldef',
    'mysqldef',
  ],
  'sqldef-migrate run-in kubernetes (Job on a real API server, real psqldef/mysqldef)',
  () => {
    let registry: Registry;
    let storage: ContainerStorage;
    let cluster: ControlPlane;
    let executor: TestExecutor;
    let postgres: SqlServer;
    let mariadb: SqlServer;
    let github: Emulator;
    let image: string;
    const kubeconfigs = new Map<string, Promise<string>>();
    let databases = 0;

    /** An inline kubeconfig (as a secret holds it) for a user bound to `rules` in the namespace. */
    /** Once per user, also when two runs ask at the same time. */
    function kubeconfigFor(user: string, rules: typeof RULES): Promise<string> {
      const cached = kubeconfigs.get(user);
      if (cached) return cached;
      const made = makeKubeconfig(user, rules);
      kubeconfigs.set(user, made);
      return made;
    }

    async function makeKubeconfig(user: string, rules: typeof RULES): Promise<string> {
      await cluster.client.create(RESOURCES.role, NAMESPACE, { metadata: { name: user }, rules });
      await cluster.client.create(RESOURCES.roleBinding, NAMESPACE, {
        metadata: { name: user },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: user },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      });
      const file = parse(readFileSync(cluster.kubeconfigFor(user), 'utf8')) as {
        clusters: { cluster: Record<string, string> }[];
        users: { user: Record<string, string> }[];
      };
      const b64 = (path: string) => readFileSync(path).toString('base64');
      const cert = file.users[0]!.user;
      const text = [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: test',
        '  cluster:',
        `    server: ${cluster.server}`,
        `    certificate-authority-data: ${Buffer.from(cluster.ca).toString('base64')}`,
        'users:',
        `- name: ${user}`,
        '  user:',
        `    client-certificate-data: ${b64(cert['client-certificate']!)}`,
        `    client-key-data: ${b64(cert['client-key']!)}`,
        'contexts:',
        '- name: test',
        '  context:',
        '    cluster: test',
        `    user: ${user}`,
        'current-context: test',
        '',
      ].join('\n');
      return text;
    }

    /** A fresh database and the Secret the cluster keeps for it (the RDS layout of keys). */
    async function database(server: SqlServer, secretName?: string) {
      const name = `k8s_${++databases}`;
      const secret = secretName ?? `db-${databases}`;
      await server.createDatabase(name);
      await cluster.client.create(RESOURCES.secret, NAMESPACE, {
        metadata: { name: secret },
        stringData: {
          host: server.host,
          port: String(server.port),
          username: server.owner.username,
          password: server.owner.password,
          dbname: name,
        },
      });
      return { name, secret, sql: async (query: string) => (await server.sql(query, 'owner', name)).trim() };
    }

    function workspace(files: Record<string, string>): string {
      const dir = tempDir('sqldef-k8s-workspace');
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      return dir;
    }

    async function run(
      cwd: string,
      inputs: Record<string, string>,
      options: {
        user?: string;
        rules?: typeof RULES;
        event?: unknown;
        eventName?: string;
        runId?: string;
        onSpawn?: (child: ChildProcess) => void;
      } = {},
    ): Promise<ActionRun> {
      return runAction('sqldef-migrate', {
        cwd,
        timeoutMs: 240_000,
        ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
        ...(options.event ? { event: options.event, eventName: options.eventName ?? 'pull_request' } : {}),
        inputs: {
          'run-in': 'kubernetes',
          'schema-file': 'db/schema.sql',
          kubeconfig: await kubeconfigFor(options.user ?? 'sqldef-ci', options.rules ?? RULES),
          image,
          namespace: NAMESPACE,
          'pod-labels': `${EXECUTOR_LABEL}=true`,
          'lock-timeout': '3m',
          comment: 'false',
          ...inputs,
        },
        env: {
          ...(github ? github.env() : {}),
          PATH: TOOLS_PATH,
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_RUN_ID: options.runId ?? String(Math.floor(Math.random() * 1e9)),
          GITHUB_RUN_ATTEMPT: '1',
        },
      });
    }

    /** What the runs leave in the namespace: nothing, once they are done. */
    async function leftovers(): Promise<string[]> {
      const selector = { labelSelector: 'app.kubernetes.io/name=sqldef-migrate' };
      const [jobs, configMaps, leases] = await Promise.all([
        cluster.client.list(RESOURCES.job, NAMESPACE, selector),
        cluster.client.list(RESOURCES.configMap, NAMESPACE, selector),
        cluster.client.list(RESOURCES.lease, NAMESPACE, selector),
      ]);
      return [...jobs.items, ...configMaps.items, ...leases.items].map(
        (object) => `${String(object.kind ?? '')} ${object.metadata.name ?? ''}`,
      );
    }

    beforeAll(async () => {
      [registry, postgres, mariadb, github] = await Promise.all([
        startRegistry(),
        startPostgres(),
        startMariaDB(),
        startGitHubEmulator(),
      ]);
      storage = await containerStorage({ insecureRegistries: [registry.host] });
      // The test's sqldef image: the real binaries on the PATH of an otherwise empty image.
      const context = tempDir('sqldef-image');
      for (const tool of ['psqldef', 'mysqldef']) copyFileSync(findTool(tool) ?? '', join(context, tool));
      writeFileSync(
        join(context, 'Containerfile'),
        'FROM scratch\nCOPY psqldef mysqldef /usr/local/bin/\nENV PATH=/usr/local/bin\nUSER 65532:65532\n',
      );
      image = `${registry.host}/tools/sqldef:3.2.0`;
      const env = { ...process.env, PATH: TOOLS_PATH };
      await exec('buildah', [...storage.args, 'bud', ...storage.buildArgs, '--quiet', '-t', image, context], {
        env,
      });
      await exec('buildah', [...storage.args, 'push', '--quiet', '--tls-verify=false', image], { env });
      cluster = await startControlPlane({ registries: [registry.host], nodes: 1 });
      await cluster.namespace(NAMESPACE);
      executor = startTestExecutor({ client: cluster.client, storage, dir: join(cluster.dir, 'executor') });
    }, 300_000);

    afterEach(async () => {
      expect(await leftovers()).toEqual([]);
    });

    afterAll(async () => {
      await executor?.stop();
      await cluster?.stop();
      await storage?.cleanup();
      await registry?.stop();
      await postgres?.stop();
      await mariadb?.stop();
      await github?.stop();
    });

    describe('dry run, apply and the guard', () => {
      it('comments the dry run on the pull request from a Job, with the statements hash, and streams the log', async () => {
        const db = await database(postgres);
        await db.sql(USERS);
        const fullName = 'acme/shop';
        github.state.createRepo(fullName, { files: { 'db/schema.sql': USERS } });
        github.state.commit(fullName, 'add-email', { 'db/schema.sql': USERS_EMAIL }, 'Add email');
        const pull = github.state.createPullRequest(fullName, { head: 'add-email' });
        const dir = workspace({ 'db/schema.sql': USERS_EMAIL });
        const result = await run(
          dir,
          { mode: 'dry-run', 'db-secret': db.secret, comment: 'true', 'github-token': github.token },
          { event: { pull_request: { number: pull.number, base: { sha: pull.baseSha, ref: 'main' } } } },
        );
        expect(result.stdout).not.toContain('::error::');
        expect(result.exitCode).toBe(0);
        expect(JSON.parse(result.outputs.statements!)).toEqual([
          {
            sql: 'ALTER TABLE "public"."users" ADD COLUMN "email" text',
            skipped: false,
            destructive: null,
            class: null,
          },
        ]);
        expect(result.outputs['statements-hash']).toMatch(/^[0-9a-f]{64}$/);
        // The pod's own log, streamed into the step log.
        expect(result.stdout).toContain('-- dry run --');
        expect(result.stdout).toMatch(
          /\$ psqldef --file=\/sqldef\/schema\/schema-0-schema\.sql --dry-run .*\(Job apps\/sqldef-/,
        );
        // The password stayed in the cluster.
        expect(result.stdout).not.toContain(postgres.owner.password);
        const comments = github.state.comments(fullName, pull.number);
        expect(comments).toHaveLength(1);
        expect(comments[0]!.body).toContain('ADD COLUMN "email" text');
        expect(comments[0]!.body).toContain(
          `<!-- sqldef statements-hash: ${result.outputs['statements-hash']} -->`,
        );
        expect(result.summary).toContain(`postgres \`${db.secret}\``);
        expect(
          await db.sql(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'",
          ),
        ).toBe('0');
      });

      it('applies the reviewed plan (a dry-run Job, then the apply Job) and refuses a destructive one', async () => {
        const db = await database(postgres);
        await db.sql(USERS);
        const dir = workspace({ 'db/schema.sql': USERS_EMAIL });
        const dry = await run(dir, { mode: 'dry-run', 'db-secret': db.secret });
        const applied = await run(dir, {
          mode: 'apply',
          'db-secret': db.secret,
          'expected-statements-hash': dry.outputs['statements-hash']!,
        });
        expect(applied.stdout).not.toContain('::error::');
        expect(applied.outputs).toMatchObject({ applied: 'true', changed: 'true' });
        expect(applied.outputs['statements-hash']).toBe(dry.outputs['statements-hash']);
        expect(
          applied.stdout.match(/\(Job apps\/sqldef-[^ ]+-(plan|apply),/g)?.map((l) => l.replace(/.*-/, '')),
        ).toEqual(['plan,', 'apply,']);
        expect(
          await db.sql(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'",
          ),
        ).toBe('1');

        writeFileSync(join(dir, 'db', 'schema.sql'), USERS.replace('name text NOT NULL', 'nick text'));
        const refused = await run(dir, { mode: 'apply', 'db-secret': db.secret });
        expect(refused.exitCode).toBe(1);
        expect(refused.stdout).toContain('::error::Refused to apply: nothing was applied.');
        expect(refused.outputs['has-destructive']).toBe('true');
        expect(refused.summary).toContain('[!CAUTION]');
        expect(
          await db.sql(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'name'",
          ),
        ).toBe('1');
      });

      it('stops when the live schema drifted between the dry run and the apply', async () => {
        const db = await database(postgres);
        await db.sql(USERS);
        const dir = workspace({ 'db/schema.sql': USERS_EMAIL });
        const dry = await run(dir, { mode: 'dry-run', 'db-secret': db.secret });
        // Someone changes the database by hand after the review.
        await db.sql('ALTER TABLE users ADD COLUMN email varchar(10)');
        const apply = await run(dir, {
          mode: 'apply',
          'db-secret': db.secret,
          'expected-statements-hash': dry.outputs['statements-hash']!,
        });
        expect(apply.exitCode).toBe(1);
        expect(apply.stdout).toContain('::error::The live schema drifted');
        expect(apply.outputs.applied).toBe('false');
        expect(apply.summary).toContain('the live schema drifted since the reviewed dry run');
        expect(
          await db.sql(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'",
          ),
        ).toBe('character varying');
      });

      it('runs mysqldef against MariaDB with an env-from Secret', async () => {
        const name = `k8s_${++databases}`;
        await mariadb.createDatabase(name);
        await mariadb.sql(
          'CREATE TABLE users (id bigint PRIMARY KEY, name varchar(100) NOT NULL)',
          'owner',
          name,
        );
        await cluster.client.create(RESOURCES.secret, NAMESPACE, {
          metadata: { name: 'mariadb-env' },
          stringData: { DB_USER: mariadb.owner.username, DB_PASSWORD: mariadb.owner.password },
        });
        const dir = workspace({
          'db/schema.sql':
            'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name varchar(100) NOT NULL,\n  email varchar(200)\n);\n',
        });
        const result = await run(dir, {
          engine: 'mysql',
          mode: 'apply',
          'db-env-from-secret': 'mariadb-env',
          'db-secret-keys': 'user=DB_USER,password=DB_PASSWORD',
          host: mariadb.host,
          port: String(mariadb.port),
          database: name,
        });
        expect(result.stdout).not.toContain('::error::');
        expect(result.outputs.applied).toBe('true');
        expect(await mariadb.sql("SHOW COLUMNS FROM users LIKE 'email'", 'owner', name)).toContain('email');
      });

      it('runs two concurrent migrations of one database one after the other (the Lease)', async () => {
        const db = await database(postgres);
        await db.sql(USERS);
        const dir = workspace({ 'db/schema.sql': USERS_EMAIL });
        const [first, second] = await Promise.all([
          run(dir, { mode: 'apply', 'db-secret': db.secret }, { runId: '101' }),
          run(dir, { mode: 'apply', 'db-secret': db.secret }, { runId: '102' }),
        ]);
        expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
        const waited = [first, second].filter((r) => r.stdout.includes('Waiting for the lock'));
        expect(waited).toHaveLength(1);
        expect(waited[0]!.stdout).toMatch(/is held by 'acme\/shop run 10[12] attempt 1'/);
        // The second run planned after the first applied: nothing left to do.
        expect([first.outputs.applied, second.outputs.applied].sort()).toEqual(['false', 'true']);
        expect(
          await db.sql(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'",
          ),
        ).toBe('1');
      });

      it('fails naming the holder when the lock is not free within lock-timeout', async () => {
        const db = await database(postgres);
        const stamp = new Date().toISOString().replace('Z', '000Z');
        await cluster.client.create(RESOURCES.lease, NAMESPACE, {
          metadata: { name: `sqldef-${db.secret}-db` },
          spec: {
            holderIdentity: 'acme/shop run 5 attempt 2',
            leaseDurationSeconds: 600,
            acquireTime: stamp,
            renewTime: stamp,
          },
        });
        const dir = workspace({ 'db/schema.sql': USERS });
        const result = await run(dir, { mode: 'apply', 'db-secret': db.secret, 'lock-timeout': '0' });
        await cluster.client.delete(RESOURCES.lease, NAMESPACE, `sqldef-${db.secret}-db`);
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toContain(
          `::error::Another migration holds the lock on this database: Lease apps/sqldef-${db.secret}-db is held by 'acme/shop run 5 attempt 2'`,
        );
      });
    });

    describe('faults: a clear error and nothing left behind', () => {
      it('a missing Secret: the Kubernetes event and what to create', async () => {
        const dir = workspace({ 'db/schema.sql': USERS });
        const result = await run(dir, { mode: 'dry-run', 'db-secret': 'nope' });
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toContain(
          "::error::The sqldef Job's pod cannot start (CreateContainerConfigError)",
        );
        expect(result.stdout).toContain('Failed: Error: secret "nope" not found');
        expect(result.stdout).toContain('kubectl -n apps create secret generic nope --from-literal=host=…');
      });

      it('a missing key in the Secret', async () => {
        await cluster.client.create(RESOURCES.secret, NAMESPACE, {
          metadata: { name: 'no-dbname' },
          stringData: { host: '127.0.0.1', port: '5432', username: 'u', password: 'p' },
        });
        const dir = workspace({ 'db/schema.sql': USERS });
        const result = await run(dir, { mode: 'dry-run', 'db-secret': 'no-dbname' });
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toContain("couldn't find key dbname in Secret apps/no-dbname");
        expect(result.stdout).toContain(
          "Add the key 'dbname' (database) to the Secret 'no-dbname' in namespace 'apps', or name its key for database in 'db-secret-keys'",
        );
      });

      it('an image that cannot be pulled: the ImagePullBackOff reason, then the Job is deleted', async () => {
        const db = await database(postgres);
        const dir = workspace({ 'db/schema.sql': USERS });
        const result = await run(dir, {
          mode: 'dry-run',
          'db-secret': db.secret,
          image: `${registry.host}/tools/sqldef:does-not-exist`,
        });
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toMatch(
          /::error::The sqldef image cannot be pulled \((ErrImagePull|ImagePullBackOff)\)/,
        );
        expect(result.stdout).toContain('sqldef:does-not-exist');
      });

      it("the database unreachable from the cluster: sqldef's own error", async () => {
        const db = await database(postgres, 'unreachable');
        await cluster.client.patch(RESOURCES.secret, NAMESPACE, db.secret, {
          stringData: { port: '1' },
        });
        const dir = workspace({ 'db/schema.sql': USERS });
        const result = await run(dir, { mode: 'dry-run', 'db-secret': db.secret });
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toMatch(
          /::error::sqldef could not read the current schema of database .*connection refused/,
        );
        expect(result.stdout).toContain("the Job's pod must reach the database");
      });

      it('the deadline exceeded: the Job is killed and reported', async () => {
        // A database that accepts the connection and never answers.
        const sockets: Socket[] = [];
        const silent: Server = createServer((socket) => sockets.push(socket));
        await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
        const port = (silent.address() as { port: number }).port;
        try {
          const db = await database(postgres, 'silent');
          await cluster.client.patch(RESOURCES.secret, NAMESPACE, db.secret, {
            stringData: { port: String(port) },
          });
          const dir = workspace({ 'db/schema.sql': USERS });
          const result = await run(dir, { mode: 'dry-run', 'db-secret': db.secret, 'job-deadline': '10' });
          expect(result.exitCode).toBe(1);
          expect(result.stdout).toMatch(
            /::error::The sqldef Job apps\/sqldef-\S+ ran longer than 10 s \('job-deadline'\): Kubernetes killed it \(DeadlineExceeded\)/,
          );
        } finally {
          for (const socket of sockets) socket.destroy();
          silent.close();
        }
      });

      it('cancellation (SIGINT from the runner): the running Job, its ConfigMap and the Lease are deleted', async () => {
        const sockets: Socket[] = [];
        const silent: Server = createServer((socket) => sockets.push(socket));
        await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
        const port = (silent.address() as { port: number }).port;
        try {
          const db = await database(postgres, 'cancelled');
          await cluster.client.patch(RESOURCES.secret, NAMESPACE, db.secret, {
            stringData: { port: String(port) },
          });
          const dir = workspace({ 'db/schema.sql': USERS });
          let child: ChildProcess | undefined;
          const running = run(
            dir,
            { mode: 'apply', 'db-secret': db.secret },
            { onSpawn: (c) => (child = c) },
          );
          // Cancel once the Job's pod runs sqldef (it hangs on the silent database).
          for await (const event of cluster.client.watch(RESOURCES.pod, NAMESPACE, {
            labelSelector: 'app.kubernetes.io/name=sqldef-migrate',
          })) {
            if ((event.object.status as { phase?: string } | undefined)?.phase === 'Running') break;
          }
          child!.kill('SIGINT');
          const result = await running;
          expect(result.exitCode).toBe(1);
          expect(result.stdout).toContain(
            '::error::Cancelled: the sqldef Job was deleted and nothing more was run.',
          );
          expect(await leftovers()).toEqual([]);
        } finally {
          for (const socket of sockets) socket.destroy();
          silent.close();
        }
      });

      it('missing RBAC: names the rule to add', async () => {
        const db = await database(postgres);
        const dir = workspace({ 'db/schema.sql': USERS });
        const withoutLeases = RULES.filter((rule) => !rule.resources.includes('leases'));
        const noLease = await run(
          dir,
          { mode: 'dry-run', 'db-secret': db.secret },
          { user: 'no-leases', rules: withoutLeases },
        );
        expect(noLease.exitCode).toBe(1);
        expect(noLease.stdout).toContain(
          `::error::Kubernetes refused to get leases (API group 'coordination.k8s.io') in namespace 'apps'`,
        );
        expect(noLease.stdout).toContain('{apiGroups: ["coordination.k8s.io"], resources: ["leases"]');
        const withoutJobs = RULES.filter((rule) => !rule.resources.includes('jobs'));
        const noJobs = await run(
          dir,
          { mode: 'dry-run', 'db-secret': db.secret },
          { user: 'no-jobs', rules: withoutJobs },
        );
        expect(noJobs.exitCode).toBe(1);
        expect(noJobs.stdout).toContain(
          `Kubernetes refused to create jobs (API group 'batch') in namespace 'apps'`,
        );
        expect(noJobs.stdout).toContain('{apiGroups: ["batch"], resources: ["jobs"], verbs: ["create"]}');
      });

      it('a schema larger than a ConfigMap holds is refused before anything is created', async () => {
        const db = await database(postgres);
        const dir = workspace({ 'db/schema.sql': `-- ${'x'.repeat(1024 * 1024)}\n${USERS}` });
        const result = await run(dir, { mode: 'dry-run', 'db-secret': db.secret });
        expect(result.exitCode).toBe(1);
        expect(result.stdout).toContain(
          '::error::The schema and config files are 1.00 MiB; a ConfigMap holds at most 1 MiB',
        );
      });
    });
  },
);

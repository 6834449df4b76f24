import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../../src/lib/errors.js';
import type { KubeClient } from '../../../src/kubernetes/client.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import {
  checkConfigMapSize,
  configMapData,
  KubernetesSqldef,
  type KubernetesJobSettings,
} from '../../../src/sqldef/kubernetes-job.js';
import { migrate, type SqldefInvocation } from '../../../src/sqldef/migrate.js';
import { statementsHash } from '../../../src/sqldef/statements.js';

// The manifest and the drift guard, with no cluster; the Job itself runs against a real API server and
// real psqldef/mysqldef in test/integration/sqldef/kubernetes.test.ts.
const settings: KubernetesJobSettings = {
  namespace: 'apps',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/sqldef:3.2.0',
  secret: {
    kind: 'keys',
    name: 'shop-db',
    keys: { host: 'host', port: 'port', user: 'username', password: 'password', database: 'dbname' },
  },
  plain: {},
  deadlineSeconds: 300,
  ttlSecondsAfterFinished: 600,
  labels: { 'platform-actions.io/run-id': '42' },
  annotations: {},
  podLabels: { 'sidecar.istio.io/inject': 'false' },
};

function withFiles(fn: (schema: string) => void | Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqldef-k8s-'));
    try {
      writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY);\n');
      await fn(join(dir, 'schema.sql'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

interface JobSpec {
  [key: string]: unknown;
  template: {
    metadata: { labels: Record<string, string> };
    spec: { containers: { command: string[]; args: string[]; env: unknown[]; envFrom: unknown[] }[] };
  };
}

const plan: SqldefInvocation = { purpose: 'plan', dryRun: true, enableDrop: false, exportSchema: false };

describe('KubernetesSqldef manifest', () => {
  it(
    'runs psqldef with the connection from the Secret and the password only as a secretKeyRef',
    withFiles((schema) => {
      const jobs = new KubernetesSqldef({
        client: {} as KubeClient,
        engine: 'postgres',
        settings,
        schemaFiles: [schema],
        configFiles: [],
        logger: createMemoryLogger(),
      });
      const job = jobs.manifest(plan, 'sqldef-42-1-plan');
      const spec = job.spec as JobSpec;
      expect(spec).toMatchObject({
        backoffLimit: 0,
        activeDeadlineSeconds: 300,
        ttlSecondsAfterFinished: 600,
      });
      expect(job.metadata.labels).toEqual({
        'platform-actions.io/run-id': '42',
        'platform-actions.io/sqldef': 'plan',
      });
      const pod = spec.template.spec;
      expect(spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
      expect(pod).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false });
      const container = pod.containers[0];
      expect(container.command).toEqual(['psqldef']);
      expect(container.args).toEqual([
        '--file=/sqldef/schema/schema-0-schema.sql',
        '--dry-run',
        '--user=$(SQLDEF_DB_USER)',
        '--host=$(SQLDEF_DB_HOST)',
        '--port=$(SQLDEF_DB_PORT)',
        '$(SQLDEF_DB_DATABASE)',
      ]);
      expect(container.env).toContainEqual({
        name: 'PGPASSWORD',
        valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } },
      });
      expect(container.env).toContainEqual({
        name: 'SQLDEF_DB_DATABASE',
        valueFrom: { secretKeyRef: { name: 'shop-db', key: 'dbname' } },
      });
      expect(JSON.stringify(job)).not.toMatch(/PGPASSWORD","value"/);
    }),
  );

  it(
    'with an env-from Secret refers to its variables, and plain inputs win over the Secret',
    withFiles((schema) => {
      const jobs = new KubernetesSqldef({
        client: {} as KubeClient,
        engine: 'mysql',
        settings: {
          ...settings,
          secret: { kind: 'env-from', name: 'shop-env', keys: { user: 'DB_USER', password: 'DB_PASSWORD' } },
          plain: { host: 'shop.cluster-abc.eu-west-1.rds.amazonaws.com', port: 3306, database: 'shop' },
        },
        schemaFiles: [schema],
        configFiles: [],
        logger: createMemoryLogger(),
      });
      const container = (jobs.manifest(plan, 'x').spec as JobSpec).template.spec.containers[0];
      expect(container.command).toEqual(['mysqldef']);
      expect(container.envFrom).toEqual([{ secretRef: { name: 'shop-env' } }]);
      expect(container.args).toEqual(
        expect.arrayContaining([
          '--user=$(DB_USER)',
          '--host=shop.cluster-abc.eu-west-1.rds.amazonaws.com',
          '--port=3306',
          'shop',
        ]),
      );
      expect(container.env).toContainEqual({ name: 'MYSQL_PWD', value: '$(DB_PASSWORD)' });
    }),
  );

  it(
    'refuses a schema larger than a ConfigMap holds before it creates anything',
    withFiles((schema) => {
      writeFileSync(schema, `-- ${'x'.repeat(1024 * 1024)}\nCREATE TABLE a (id int);\n`);
      expect(() => checkConfigMapSize(configMapData([schema], []))).toThrow(ConfigurationError);
      expect(() => checkConfigMapSize(configMapData([schema], []))).toThrow(
        /1\.00 MiB; a ConfigMap holds at most 1 MiB.*Nothing was created in the cluster/,
      );
    }),
  );
});

describe('migrate with an executor', () => {
  const planned = '-- dry run --\nALTER TABLE "public"."users" ADD COLUMN "email" text;\n';
  it(
    'stops before the apply when the plan differs from the reviewed one (drift), and hashes what it planned',
    withFiles(async (schema) => {
      const invocations: SqldefInvocation[] = [];
      const options = {
        engine: 'postgres' as const,
        binary: 'psqldef',
        schemaFiles: [schema],
        connection: { database: '$(SQLDEF_DB_DATABASE)' },
        enableDrop: false,
        exec: async () => {
          throw new Error('no local process in this mode');
        },
        executor: async (invocation: SqldefInvocation) => {
          invocations.push(invocation);
          return { exitCode: 0, stdout: planned, stderr: '', ms: 5 };
        },
        logger: createMemoryLogger(),
      };
      const dry = await migrate({ ...options, mode: 'dry-run' });
      expect(dry.statementsHash).toBe(statementsHash(dry.statements));
      const reviewed = statementsHash([
        { sql: 'ALTER TABLE "public"."users" ADD COLUMN "name" text', skipped: false },
      ]);
      const result = await migrate({ ...options, mode: 'apply', expectedStatementsHash: reviewed });
      expect(result).toMatchObject({ applied: false, drifted: true });
      expect(result.failure).toMatch(/^The live schema drifted/);
      expect(invocations.map((i) => i.purpose)).toEqual(['plan', 'plan']);
      const same = await migrate({ ...options, mode: 'apply', expectedStatementsHash: dry.statementsHash });
      expect(same.applied).toBe(true);
      expect(invocations.map((i) => i.purpose)).toEqual(['plan', 'plan', 'plan', 'apply']);
    }),
  );
});

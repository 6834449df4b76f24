import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { Inputs } from '../../../src/lib/inputs.js';
import { readMigrateInputs } from '../../../src/sqldef/inputs.js';

const workspace = mkdtempSync(join(tmpdir(), 'sqldef-k8s-inputs-'));
mkdirSync(join(workspace, 'db'));
writeFileSync(join(workspace, 'db', 'schema.sql'), 'CREATE TABLE a (id int);\n');
const ENV = {
  GITHUB_WORKSPACE: workspace,
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com',
};
const BASE = {
  'run-in': 'kubernetes',
  mode: 'apply',
  'schema-file': 'db/schema.sql',
  'cluster-name': 'prod',
  'aws-region': 'eu-west-1',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/sqldef:v3.2.0',
  namespace: 'shop',
  'db-secret': 'shop-db',
  comment: 'false',
};
const read = (values: Record<string, string>) =>
  readMigrateInputs(new Inputs((name) => values[name] ?? ''), ENV);
const fails = (values: Record<string, string>) => {
  try {
    read(values);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
};

describe('sqldef-migrate inputs, run-in kubernetes', () => {
  it('reads the cluster, the Secret with the RDS key layout, the Job limits, labels and the lock', () => {
    const input = read(BASE);
    expect(input.connection).toBeUndefined();
    expect(input.label).toBe('shop-db');
    expect(input.kubernetes?.access).toMatchObject({ kind: 'eks', clusterName: 'prod', region: 'eu-west-1' });
    expect(input.kubernetes?.settings).toMatchObject({
      namespace: 'shop',
      secret: {
        kind: 'keys',
        name: 'shop-db',
        keys: { host: 'host', port: 'port', user: 'username', password: 'password', database: 'dbname' },
      },
      deadlineSeconds: 600,
      ttlSecondsAfterFinished: 600,
      labels: {
        'app.kubernetes.io/name': 'sqldef-migrate',
        'platform-actions.io/run-id': '4242',
        'platform-actions.io/run-attempt': '2',
        'platform-actions.io/repository': 'acme.shop',
      },
    });
    expect(input.kubernetes?.lock).toEqual({
      name: 'sqldef-shop-db-db',
      waitMs: 600_000,
      holder: 'acme/shop run 4242 attempt 2',
    });
  });

  it('takes plain parts over the Secret, renames keys and drops a role with an empty key', () => {
    const input = read({
      ...BASE,
      host: 'shop.cluster-x.eu-west-1.rds.amazonaws.com',
      database: 'shop',
      'db-secret-keys': 'user=user,password=pass,port=',
      'job-deadline': '2m',
      'lock-timeout': '0',
    });
    expect(input.kubernetes?.settings.secret.keys).toEqual({ user: 'user', password: 'pass' });
    expect(input.kubernetes?.settings.plain).toEqual({
      host: 'shop.cluster-x.eu-west-1.rds.amazonaws.com',
      database: 'shop',
    });
    expect(input.kubernetes?.settings.deadlineSeconds).toBe(120);
    expect(input.kubernetes?.lock?.waitMs).toBe(0);
    expect(input.label).toBe('shop');
  });

  it('refuses a password or URL passing through GitHub, a missing Secret, both Secrets and a bad role', () => {
    expect(fails({ ...BASE, password: 'hunter2' })).toMatch(
      /^Input 'password' is not used with run-in 'kubernetes': the password stays in the cluster/,
    );
    expect(fails({ ...BASE, 'database-url': 'postgres://u:p@h/db' })).toMatch(
      /^Input 'database-url' is not used/,
    );
    expect(fails({ ...BASE, 'db-secret': '' })).toMatch(
      /^Input 'db-secret' is required with run-in 'kubernetes'/,
    );
    expect(fails({ ...BASE, 'db-env-from-secret': 'other' })).toBe(
      "Give either 'db-secret' or 'db-env-from-secret', not both.",
    );
    expect(fails({ ...BASE, 'db-secret-keys': 'hostname=h' })).toBe(
      "Input 'db-secret-keys': 'hostname' is not one of host, port, user, password, database.",
    );
    expect(fails({ ...BASE, image: '' })).toMatch(/^Input 'image' is required/);
    expect(fails({ ...BASE, engine: 'sqlite3' })).toMatch(/engine 'sqlite3' runs on the runner/);
    expect(fails({ ...BASE, 'cluster-name': '' })).toMatch(
      /^Input 'cluster-name' is required \(with 'aws-region'\) for run-in 'kubernetes'/,
    );
    expect(fails({ ...BASE, 'expected-statements-hash': 'abc' })).toMatch(
      /^Input 'expected-statements-hash' must be the dry run's 'statements-hash' output/,
    );
    expect(fails({ ...BASE, 'job-deadline': '5' })).toMatch(/^Input 'job-deadline' must be seconds/);
  });

  it('with an env-from Secret, the keys must be variable names', () => {
    expect(
      fails({
        ...BASE,
        'db-secret': '',
        'db-env-from-secret': 'shop-env',
        'db-secret-keys': 'password=db-pass',
      }),
    ).toMatch(/'db-pass' is not a variable name/);
  });
});

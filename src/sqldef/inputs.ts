// Reads and validates the sqldef-migrate inputs; every mistake names the input to change.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { confinePath } from '../lib/paths.js';
import { readEvent, runUrl } from '../lib/run-context.js';
import { ConfigurationError } from '../lib/errors.js';
import type { Inputs } from '../lib/inputs.js';
import { ENGINES, resolveConnection, type Connection, type Engine } from './command.js';
import { MODES, type Mode } from './migrate.js';
import { readClusterAccess, type ClusterAccess } from '../kubernetes/access.js';
import { DNS_LABEL, DNS_NAME } from '../kubernetes/resources.js';
import {
  DEFAULT_SECRET_KEYS,
  dnsName,
  labelValue,
  type DbRole,
  type KubernetesJobSettings,
} from './kubernetes-job.js';

export const RUN_IN = ['runner', 'kubernetes'] as const;

/** run-in kubernetes: where the Jobs run, from what, and the lock. */
export interface KubernetesInputs {
  access: ClusterAccess;
  settings: KubernetesJobSettings;
  /** The Lease that keeps one migration at a time on this database; undefined with `lock: false`. */
  lock?: { name: string; waitMs: number; holder: string };
}

export interface MigrateInputs {
  engine: Engine;
  mode: Mode;
  enableDrop: boolean;
  gateConstraintDrops: boolean;
  allowSkipped: boolean;
  postComment: boolean;
  /** Desired schema files: absolute paths, and as the repository names them. */
  schemaFiles: string[];
  repoPaths: string[];
  configFiles: string[];
  configInline?: string;
  connection?: Connection;
  /** Offline: the current schema from files, or from `repoPaths` at `baseRef` through the API. */
  currentSchemaFiles: string[];
  baseRef?: string;
  label: string;
  /** Never to be printed: masked first, scrubbed from what sqldef prints. */
  secrets: string[];
  token?: string;
  repository: { owner: string; repo: string };
  pullRequestNumber?: number;
  needsGitHub: boolean;
  binary: { path?: string; version?: string; downloadUrl?: string };
  runUrl?: string;
  tempDir?: string;
  /** Set with run-in kubernetes: sqldef runs as Jobs in the cluster. */
  kubernetes?: KubernetesInputs;
  expectedStatementsHash?: string;
  environment?: string;
}

/** The secrets among the inputs (the password, the URL and its password in both spellings). */
export function readSecrets(inputs: Inputs): { secrets: string[]; token?: string } {
  const databaseUrl = inputs.optional('database-url');
  const rawUrlPassword = databaseUrl ? /^[^:]+:\/\/[^:/@]*:([^@]*)@/.exec(databaseUrl)?.[1] : undefined;
  const secrets = [inputs.optional('password'), databaseUrl, urlPassword(databaseUrl), rawUrlPassword];
  return {
    secrets: secrets.filter((value): value is string => !!value),
    token: inputs.optional('github-token'),
  };
}

/** The password inside a URL, decoded, so that both spellings are masked. */
function urlPassword(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const password = new URL(raw).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads every input; `env` is the runner's environment (workspace, event, repository, run). */
export function readMigrateInputs(inputs: Inputs, env: NodeJS.ProcessEnv): MigrateInputs {
  const engine = inputs.choice('engine', ENGINES, 'postgres');
  const mode = inputs.choice('mode', MODES, 'dry-run');
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const schemaNames = inputs.list('schema-file');
  if (schemaNames.length === 0) {
    throw new ConfigurationError(
      "Input 'schema-file' is required: the desired schema file(s), e.g. db/schema.sql.",
    );
  }
  const schemaFiles = schemaNames.map((name) => {
    const path = confinePath(workspace, name, 'schema-file');
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new ConfigurationError(
        `Input 'schema-file': ${name} does not exist (looked for ${relative(workspace, path) || name} in the workspace; check out the repository first).`,
      );
    }
    return path;
  });
  const configFiles = inputs.list('config').map((name) => {
    const path = confinePath(workspace, name, 'config');
    if (!existsSync(path)) throw new ConfigurationError(`Input 'config': ${name} does not exist.`);
    return path;
  });
  const runIn = inputs.choice('run-in', RUN_IN, 'runner');
  const kubernetes =
    runIn === 'kubernetes' && mode !== 'offline' ? readKubernetesInputs(inputs, env, engine) : undefined;
  const connection =
    mode === 'offline' || kubernetes
      ? undefined
      : resolveConnection(engine, {
          host: inputs.optional('host'),
          port: inputs.optional('port'),
          user: inputs.optional('user'),
          password: inputs.optional('password'),
          database: inputs.optional('database'),
          sslmode: inputs.optional('sslmode'),
          databaseUrl: inputs.optional('database-url'),
        });
  const pullRequest = ['pull_request', 'pull_request_target'].includes(env.GITHUB_EVENT_NAME ?? '')
    ? readEvent(env.GITHUB_EVENT_PATH)?.pull_request
    : undefined;
  const currentSchemaFiles = inputs.list('current-schema-file').map((name) => {
    const path = confinePath(workspace, name, 'current-schema-file');
    if (!existsSync(path))
      throw new ConfigurationError(`Input 'current-schema-file': ${name} does not exist.`);
    return path;
  });
  const baseRef = inputs.optional('base-ref') ?? pullRequest?.base?.sha;
  if (mode === 'offline' && currentSchemaFiles.length === 0 && !baseRef) {
    throw new ConfigurationError(
      "Mode 'offline' compares against the schema at the pull request's base: outside pull_request events set 'current-schema-file' or 'base-ref'.",
    );
  }
  const expectedStatementsHash = inputs.optional('expected-statements-hash');
  if (expectedStatementsHash !== undefined && !/^[0-9a-f]{64}$/.test(expectedStatementsHash)) {
    throw new ConfigurationError(
      `Input 'expected-statements-hash' must be the dry run's 'statements-hash' output (64 hex digits); got '${expectedStatementsHash}'.`,
    );
  }
  const postComment = inputs.boolean('comment', true);
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const { secrets, token } = readSecrets(inputs);
  const needsGitHub =
    (mode === 'offline' && currentSchemaFiles.length === 0) || (postComment && !!pullRequest?.number);
  if (needsGitHub && (!token || !owner || !repo)) {
    throw new ConfigurationError(
      "Input 'github-token' is required to read the base schema and to comment (the default is github.token).",
    );
  }
  const repoPaths = schemaFiles.map((file) => {
    const rel = relative(workspace, file);
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
  });
  return {
    engine,
    mode,
    enableDrop: inputs.boolean('enable-drop', false),
    gateConstraintDrops: inputs.boolean('gate-constraint-drops', false),
    allowSkipped: inputs.boolean('allow-skipped', false),
    postComment,
    schemaFiles,
    repoPaths,
    configFiles,
    configInline: inputs.optional('config-inline'),
    connection,
    currentSchemaFiles,
    baseRef,
    label:
      inputs.optional('database-label') ??
      connection?.database ??
      (kubernetes ? (kubernetes.settings.plain.database ?? kubernetes.settings.secret.name) : 'offline'),
    secrets,
    token,
    repository: { owner, repo },
    pullRequestNumber: pullRequest?.number,
    needsGitHub,
    binary: {
      path: inputs.optional('sqldef-path'),
      version: inputs.optional('sqldef-version'),
      downloadUrl: inputs.optional('sqldef-download-url'),
    },
    runUrl: runUrl(env),
    tempDir: env.RUNNER_TEMP,
    ...(kubernetes ? { kubernetes } : {}),
    ...(expectedStatementsHash ? { expectedStatementsHash } : {}),
    ...(inputs.optional('environment') ? { environment: inputs.optional('environment') } : {}),
  };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** run-in kubernetes: the cluster, the image, the Secret and its keys, the Job's limits, the lock. */
export function readKubernetesInputs(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  engine: Engine,
): KubernetesInputs {
  if (engine !== 'postgres' && engine !== 'mysql') {
    throw new ConfigurationError(
      `run-in 'kubernetes' runs psqldef or mysqldef; engine '${engine}' runs on the runner (run-in 'runner').`,
    );
  }
  for (const name of ['password', 'database-url']) {
    if (inputs.optional(name) !== undefined) {
      throw new ConfigurationError(
        `Input '${name}' is not used with run-in 'kubernetes': the password stays in the cluster. Put it in the Secret named by 'db-secret' (key 'password', or as 'db-secret-keys' says) and remove '${name}'.`,
      );
    }
  }
  const access = readClusterAccess(inputs, env, "for run-in 'kubernetes'");
  const image = inputs.required(
    'image',
    'the sqldef image the Job runs (build images/sqldef with ecr-build-push, or mirror an official one into ECR)',
  );
  if (/\s/.test(image)) throw new ConfigurationError(`Input 'image' is not an image reference: '${image}'.`);
  const namespace = inputs.string('namespace', 'default');
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
    throw new ConfigurationError(`Input 'namespace': '${namespace}' is not a namespace name.`);
  }
  const keysSecret = inputs.optional('db-secret');
  const envFromSecret = inputs.optional('db-env-from-secret');
  if (!keysSecret && !envFromSecret) {
    throw new ConfigurationError(
      "Input 'db-secret' is required with run-in 'kubernetes': the Secret in the cluster holding the connection " +
        `(keys ${Object.values(DEFAULT_SECRET_KEYS).join(', ')} by default, as an RDS-managed secret has them); or 'db-env-from-secret'.`,
    );
  }
  if (keysSecret && envFromSecret)
    throw new ConfigurationError("Give either 'db-secret' or 'db-env-from-secret', not both.");
  const secretName = (keysSecret ?? envFromSecret)!;
  if (!DNS_NAME.test(secretName)) {
    throw new ConfigurationError(
      `Input '${keysSecret ? 'db-secret' : 'db-env-from-secret'}': '${secretName}' is not a Secret name.`,
    );
  }
  const plain = {
    host: inputs.optional('host'),
    port:
      inputs.optional('port') !== undefined ? inputs.integer('port', 0, { min: 1, max: 65535 }) : undefined,
    user: inputs.optional('user'),
    database: inputs.optional('database'),
    sslmode: inputs.optional('sslmode'),
  };
  const given = inputs.map('db-secret-keys');
  const keys: Partial<Record<DbRole, string>> = {};
  for (const [role, key] of given) {
    if (!(role in DEFAULT_SECRET_KEYS)) {
      throw new ConfigurationError(
        `Input 'db-secret-keys': '${role}' is not one of ${Object.keys(DEFAULT_SECRET_KEYS).join(', ')}.`,
      );
    }
    if (key !== '') keys[role as DbRole] = key;
  }
  // Without the input the RDS layout; roles given as plain inputs are not read from the Secret.
  for (const role of Object.keys(DEFAULT_SECRET_KEYS) as DbRole[]) {
    if (!given.has(role) && (role === 'password' || plain[role as Exclude<DbRole, 'password'>] === undefined))
      keys[role] = DEFAULT_SECRET_KEYS[role];
    if (role !== 'password' && plain[role as Exclude<DbRole, 'password'>] !== undefined) delete keys[role];
  }
  for (const key of Object.values(keys)) {
    const pattern = envFromSecret ? ENV_NAME : SECRET_KEY;
    if (!pattern.test(key)) {
      throw new ConfigurationError(
        `Input 'db-secret-keys': '${key}' is not ${envFromSecret ? 'a variable name (db-env-from-secret exports keys as variables)' : 'a Secret key'}.`,
      );
    }
  }
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const runId = env.GITHUB_RUN_ID ?? String(Date.now());
  const attempt = env.GITHUB_RUN_ATTEMPT ?? '1';
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': 'sqldef-migrate',
    'app.kubernetes.io/managed-by': 'platform-actions',
    'platform-actions.io/run-id': labelValue(runId),
    'platform-actions.io/run-attempt': labelValue(attempt),
    ...(owner && repo ? { 'platform-actions.io/repository': labelValue(`${owner}.${repo}`) } : {}),
  };
  const url = runUrl(env);
  const podLabels = Object.fromEntries(inputs.map('pod-labels'));
  const deadlineSeconds = inputs.seconds('job-deadline', '10m', { min: 10, max: 6 * 3600 });
  const lock = inputs.boolean('lock', true);
  const database = plain.database ?? 'db';
  return {
    access,
    settings: {
      namespace,
      image,
      ...(inputs.optional('sqldef-path') ? { command: inputs.optional('sqldef-path') } : {}),
      ...(inputs.optional('service-account')
        ? { serviceAccountName: inputs.optional('service-account') }
        : {}),
      secret: { kind: envFromSecret ? 'env-from' : 'keys', name: secretName, keys },
      plain: Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined)),
      deadlineSeconds,
      ttlSecondsAfterFinished: inputs.seconds('job-ttl', '10m', { min: 0, max: 7 * 24 * 3600 }),
      labels,
      annotations: url ? { 'platform-actions.io/run-url': url } : {},
      podLabels,
    },
    ...(lock
      ? {
          lock: {
            name:
              inputs.optional('lock-name') ??
              dnsName(`sqldef-${secretName}-${plain.host ?? ''}-${database}`.replace(/--+/g, '-')),
            waitMs: inputs.seconds('lock-timeout', '10m', { min: 0, max: 6 * 3600 }) * 1000,
            holder: `${owner}/${repo} run ${runId} attempt ${attempt}${env.GITHUB_JOB ? ` job ${env.GITHUB_JOB}` : ''}`,
          },
        }
      : {}),
  };
}

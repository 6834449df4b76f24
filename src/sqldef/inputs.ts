// Reads and validates the sqldef-migrate inputs; every mistake names the input to change.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { confinePath } from '../lib/paths.js';
import { readEvent, runUrl } from '../lib/run-context.js';
import { ConfigurationError } from '../lib/errors.js';
import type { Inputs } from '../lib/inputs.js';
import { ENGINES, resolveConnection, type Connection, type Engine } from './command.js';
import { MODES, type Mode } from './migrate.js';

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
  const connection =
    mode === 'offline'
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
    label: inputs.optional('database-label') ?? connection?.database ?? 'offline',
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
  };
}

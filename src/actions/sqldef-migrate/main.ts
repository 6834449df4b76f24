import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { appendSummary, coreLogger, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { ConfigurationError, getErrorMessage } from '../../lib/errors.js';
import { Inputs } from '../../lib/inputs.js';
import { confinePath } from '../../lib/paths.js';
import { ENGINES, resolveConnection, TOOLS, type Connection } from '../../sqldef/command.js';
import { MODES } from '../../sqldef/migrate.js';

interface PullRequestEvent {
  pull_request?: { number?: number; base?: { sha?: string; ref?: string } };
}

function readEvent(): PullRequestEvent {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path || !existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PullRequestEvent;
  } catch {
    return {};
  }
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

/** Writes the error to the job summary too, so that every run leaves one. */
async function withFailureSummary<T>(title: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    appendSummary(`### ${title}\n\n**Failed:** ${getErrorMessage(error).replace(/\n/g, '  \n')}\n`);
    throw error;
  }
}

export async function main(inputs = new Inputs()): Promise<void> {
  // Secrets first: nothing below may print them.
  const password = inputs.optional('password');
  const databaseUrl = inputs.optional('database-url');
  const token = inputs.optional('github-token');
  const rawUrlPassword = databaseUrl ? /^[^:]+:\/\/[^:/@]*:([^@]*)@/.exec(databaseUrl)?.[1] : undefined;
  const secrets = [password, databaseUrl, urlPassword(databaseUrl), rawUrlPassword].filter(
    (value): value is string => !!value,
  );
  maskSecrets(...secrets, token);

  const engine = inputs.choice('engine', ENGINES, 'postgres');
  const mode = inputs.choice('mode', MODES, 'dry-run');
  const enableDrop = inputs.boolean('enable-drop', false);
  const postComment = inputs.boolean('comment', true);
  const workspace = realpathSync(process.env.GITHUB_WORKSPACE ?? process.cwd());
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
  const configInline = inputs.optional('config-inline');

  let connection: Connection | undefined;
  if (mode !== 'offline') {
    connection = resolveConnection(engine, {
      host: inputs.optional('host'),
      port: inputs.optional('port'),
      user: inputs.optional('user'),
      password,
      database: inputs.optional('database'),
      sslmode: inputs.optional('sslmode'),
      databaseUrl,
    });
  }
  const event = readEvent();
  const eventName = process.env.GITHUB_EVENT_NAME ?? '';
  const pullRequest = ['pull_request', 'pull_request_target'].includes(eventName)
    ? event.pull_request
    : undefined;
  const currentNames = inputs.list('current-schema-file');
  const baseRef = inputs.optional('base-ref') ?? pullRequest?.base?.sha;
  if (mode === 'offline' && currentNames.length === 0 && !baseRef) {
    throw new ConfigurationError(
      "Mode 'offline' compares against the schema at the pull request's base: outside pull_request events set 'current-schema-file' or 'base-ref'.",
    );
  }
  const label = inputs.optional('database-label') ?? connection?.database ?? 'offline';
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  const needsGitHub =
    (mode === 'offline' && currentNames.length === 0) || (postComment && pullRequest?.number);
  if (needsGitHub && (!token || !owner || !repo)) {
    throw new ConfigurationError(
      "Input 'github-token' is required to read the base schema and to comment (the default is github.token).",
    );
  }
  const repoPaths = schemaFiles.map((file) => {
    const rel = relative(workspace, file);
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
  });

  // Validation done: load the rest.
  const [{ migrate }, { resolveSqldefBinary }, { execFile }, report] = await Promise.all([
    import('../../sqldef/migrate.js'),
    import('../../sqldef/install.js'),
    import('../../sqldef/exec.js'),
    import('../../sqldef/comment.js'),
  ]);
  const tool = TOOLS[engine];
  const title = `sqldef ${mode}: ${engine} \`${label}\``;
  const binary = await withFailureSummary(title, () =>
    resolveSqldefBinary({
      tool,
      path: inputs.optional('sqldef-path'),
      version: inputs.optional('sqldef-version'),
      downloadUrl: inputs.optional('sqldef-download-url'),
      loadToolCache: () => import('@actions/tool-cache'),
      logger: coreLogger,
    }),
  );
  coreLogger.info(
    `Using ${tool} at ${binary.path} (${binary.source}${binary.version ? ` ${binary.version}` : ''}).`,
  );

  const { lazyGitHub } = await import('../../lib/identity.js');
  const lazy = lazyGitHub({ token: token ?? '', appSlug: inputs.optional('app-slug'), logger: coreLogger });
  const github = needsGitHub ? await lazy.getOctokit() : undefined;
  let currentSchema: string | undefined;
  if (mode === 'offline') {
    if (currentNames.length > 0) {
      currentSchema = currentNames
        .map((name) => {
          const path = confinePath(workspace, name, 'current-schema-file');
          if (!existsSync(path))
            throw new ConfigurationError(`Input 'current-schema-file': ${name} does not exist.`);
          return readFileSync(path, 'utf8');
        })
        .join('\n');
    } else {
      const { readFileAtRef } = await import('../../sqldef/github.js');
      const texts = [];
      for (const path of repoPaths) {
        if (isAbsolute(path)) {
          throw new ConfigurationError(
            `Input 'schema-file': ${path} is outside the workspace, so it has no base version.`,
          );
        }
        texts.push(
          await withFailureSummary(title, () =>
            readFileAtRef(github!, { owner, repo }, path, baseRef!).catch((error: unknown) => {
              const status = (error as { status?: number }).status;
              throw new ConfigurationError(
                `Could not read ${path} at ${baseRef} through the GitHub API (${status ? `HTTP ${status}` : getErrorMessage(error)}): ` +
                  "'github-token' needs contents: read, or set 'current-schema-file'.",
              );
            }),
          ),
        );
      }
      currentSchema = texts.join('\n');
      coreLogger.info(`Current schema: ${repoPaths.join(', ')} at ${baseRef}.`);
    }
  }

  const result = await withFailureSummary(title, () =>
    migrate({
      engine,
      mode,
      binary: binary.path,
      schemaFiles,
      connection,
      currentSchema,
      enableDrop,
      configFiles,
      configInline,
      exec: execFile,
      logger: coreLogger,
      secrets,
      tempDir: process.env.RUNNER_TEMP,
    }),
  );

  const context = {
    engine,
    label,
    schemaFiles: repoPaths,
    runUrl:
      process.env.GITHUB_SERVER_URL && repository && process.env.GITHUB_RUN_ID
        ? `${process.env.GITHUB_SERVER_URL}/${repository}/actions/runs/${process.env.GITHUB_RUN_ID}`
        : undefined,
  };
  const shown = result.applied ? result.appliedStatements : result.statements;
  if (shown.length > 0) coreLogger.info(report.renderSql(shown));
  else coreLogger.info('No schema changes.');
  setOutputs({
    changed: String(result.changed),
    statements: result.statements.map((s) => ({
      sql: s.sql,
      skipped: s.skipped,
      destructive: s.destructive ?? null,
    })),
    'has-destructive': String(result.hasDestructive),
    applied: String(result.applied),
  });
  appendSummary(report.renderReport(result, context, report.SUMMARY_LIMIT));
  if (postComment && pullRequest?.number && github) {
    const { upsertMarkedComment } = await import('../../sqldef/github.js');
    try {
      const comment = await upsertMarkedComment(
        github,
        { owner, repo, issueNumber: pullRequest.number },
        report.commentMarker(context),
        report.renderReport(result, context),
        await lazy.getIdentity(),
      );
      coreLogger.info(`${comment.created ? 'Commented' : 'Updated the comment'}: ${comment.url}`);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 403 && status !== 404) throw error;
      // Pull requests from forks get a read-only token: the plan is still in the job summary.
      coreLogger.warning(
        `Could not comment on pull request #${pullRequest.number} (HTTP ${status}): 'github-token' needs pull-requests: write. The plan is in the job summary.`,
      );
    }
  }
  coreLogger.debug(`sqldef took ${Math.round(result.sqldefMs)} ms.`);
  if (result.refused.length > 0) {
    throw new ConfigurationError(
      `Refused to apply: ${result.refused.length} statement(s) can lose data and 'enable-drop' is false. Nothing was applied.\n` +
        result.refused.map((s) => `  ${s.sql};  -- ${s.destructive}`).join('\n') +
        `\nSet 'enable-drop: true' to apply them, or change the schema file.`,
    );
  }
}

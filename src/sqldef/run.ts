// The sqldef-migrate run: find sqldef, read the current schema, plan or apply, report, comment.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../lib/errors.js';
import type { GitHubClient } from '../lib/github-client.js';
import type { Logger } from '../lib/logger.js';
import { TOOLS } from './command.js';
import { renderReport, renderSql, SUMMARY_LIMIT, commentMarker, type ReportContext } from './comment.js';
import { readFileAtRef, upsertMarkedComment } from './github.js';
import type { MigrateInputs } from './inputs.js';
import { resolveSqldefBinary, type ToolCache } from './install.js';
import { migrate, type Exec, type MigrateResult, type SqldefExecutor } from './migrate.js';
import type { KubeClient } from '../kubernetes/client.js';

export interface RunDependencies {
  exec: Exec;
  logger: Logger;
  appendSummary: (markdown: string) => void;
  loadToolCache: () => Promise<ToolCache>;
  /** Built only when the run needs GitHub (the base schema, the comment). */
  github: () => Promise<GitHubClient>;
  /** The login that posts our comments: only its comments are read or updated. */
  identity: () => Promise<string>;
  /** run-in kubernetes: the cluster client (connected only then). */
  kubernetes?: () => Promise<KubeClient>;
  /** Aborts on cancellation (the runner's SIGINT/SIGTERM): Jobs and ConfigMap are deleted. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  result: MigrateResult;
  outputs: Record<string, unknown>;
}

/** Runs one migration; a failure after the report (refused, skipped) is thrown once the report is out. */
export async function runSqldefMigrate(input: MigrateInputs, deps: RunDependencies): Promise<RunOutcome> {
  const { logger } = deps;
  const title = `sqldef ${input.mode}: ${input.engine} \`${input.label}\``;
  // Every run leaves a job summary: a failure is written there too.
  const summarised = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      deps.appendSummary(`### ${title}\n\n**Failed:** ${getErrorMessage(error).replace(/\n/g, '  \n')}\n`);
      throw error;
    }
  };
  const tool = TOOLS[input.engine];
  const binary = input.kubernetes
    ? { path: input.kubernetes.settings.command ?? tool }
    : await summarised(() =>
        resolveSqldefBinary({ tool, ...input.binary, loadToolCache: deps.loadToolCache, logger }),
      );
  if ('source' in binary) {
    logger.info(
      `Using ${tool} at ${binary.path} (${binary.source}${binary.version ? ` ${binary.version}` : ''}).`,
    );
  }
  const github = input.needsGitHub ? await deps.github() : undefined;
  const currentSchema =
    input.mode === 'offline' ? await summarised(() => baseSchema(input, github, logger)) : undefined;
  const result = await summarised(() =>
    inCluster(input, deps, (executor) =>
      migrate({
        ...(executor && input.kubernetes
          ? {
              executor,
              where: 'kubernetes' as const,
              target: `database ${input.kubernetes.settings.plain.database ? `'${input.kubernetes.settings.plain.database}' ` : ''}from Secret ${input.kubernetes.settings.namespace}/${input.kubernetes.settings.secret.name}`,
            }
          : {}),
        ...(input.expectedStatementsHash ? { expectedStatementsHash: input.expectedStatementsHash } : {}),
        engine: input.engine,
        mode: input.mode,
        binary: binary.path,
        schemaFiles: input.schemaFiles,
        connection: input.connection,
        currentSchema,
        enableDrop: input.enableDrop,
        gateConstraintDrops: input.gateConstraintDrops,
        allowSkipped: input.allowSkipped,
        configFiles: input.configFiles,
        configInline: input.configInline,
        exec: deps.exec,
        logger,
        secrets: input.secrets,
        tempDir: input.tempDir,
      }),
    ),
  );
  const context: ReportContext = {
    engine: input.engine,
    label: input.label,
    schemaFiles: input.repoPaths,
    runUrl: input.runUrl,
  };
  const shown = result.applied ? result.appliedStatements : result.statements;
  logger.info(shown.length > 0 ? renderSql(shown) : 'No schema changes.');
  deps.appendSummary(renderReport(result, context, SUMMARY_LIMIT));
  if (input.postComment && input.pullRequestNumber && github) {
    await comment(github, input, input.pullRequestNumber, context, result, logger, deps.identity);
  }
  logger.debug(`sqldef took ${Math.round(result.sqldefMs)} ms.`);
  const outputs = {
    changed: String(result.changed),
    statements: result.statements.map((s) => ({
      sql: s.sql,
      skipped: s.skipped,
      destructive: s.destructive ?? null,
      class: s.risk ?? null,
    })),
    'has-destructive': String(result.hasDestructive),
    'statements-hash': result.statementsHash,
    applied: String(result.applied),
    skipped: String(
      result.skipped.length + (result.applied ? 0 : result.statements.filter((s) => s.skipped).length),
    ),
  };
  return { result, outputs };
}

/** run-in runner: `fn` with no executor; run-in kubernetes: `fn` with the Job executor (in-cluster.ts). */
async function inCluster<T>(
  input: MigrateInputs,
  deps: RunDependencies,
  fn: (executor?: SqldefExecutor) => Promise<T>,
): Promise<T> {
  if (!input.kubernetes) return fn();
  const { runInCluster } = await import('./in-cluster.js');
  return runInCluster(input, input.kubernetes, deps, fn);
}

/** Offline: the current schema, from `current-schema-file` or from the schema files at the base ref. */
async function baseSchema(
  input: MigrateInputs,
  github: GitHubClient | undefined,
  logger: Logger,
): Promise<string> {
  if (input.currentSchemaFiles.length > 0) {
    return input.currentSchemaFiles.map((path) => readFileSync(path, 'utf8')).join('\n');
  }
  const texts: string[] = [];
  for (const path of input.repoPaths) {
    if (isAbsolute(path)) {
      throw new ConfigurationError(
        `Input 'schema-file': ${path} is outside the workspace, so it has no base version.`,
      );
    }
    const text = await readFileAtRef(github!, input.repository, path, input.baseRef!).catch(
      (error: unknown) => {
        const status = (error as { status?: number }).status;
        throw new ConfigurationError(
          `Could not read ${path} at ${input.baseRef} through the GitHub API (${status ? `HTTP ${status}` : getErrorMessage(error)}): ` +
            "'github-token' needs contents: read, or set 'current-schema-file'.",
        );
      },
    );
    texts.push(text);
  }
  logger.info(`Current schema: ${input.repoPaths.join(', ')} at ${input.baseRef}.`);
  return texts.join('\n');
}

async function comment(
  github: GitHubClient,
  input: MigrateInputs,
  issueNumber: number,
  context: ReportContext,
  result: MigrateResult,
  logger: Logger,
  identity: () => Promise<string>,
): Promise<void> {
  try {
    const posted = await upsertMarkedComment(
      github,
      { ...input.repository, issueNumber },
      commentMarker(context),
      // The plan's hash, for the apply that must run this plan and no other ('expected-statements-hash').
      `${renderReport(result, context)}\n<!-- sqldef statements-hash: ${result.statementsHash} -->\n`,
      await identity(),
    );
    logger.info(`${posted.created ? 'Commented' : 'Updated the comment'}: ${posted.url}`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 403 && status !== 404) throw error;
    // Pull requests from forks get a read-only token: the plan is still in the job summary.
    logger.warning(
      `Could not comment on pull request #${issueNumber} (HTTP ${status}): 'github-token' needs pull-requests: write. The plan is in the job summary.`,
    );
  }
}

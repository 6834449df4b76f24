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
import { migrate, type Exec, type MigrateResult } from './migrate.js';

export interface RunDependencies {
  exec: Exec;
  logger: Logger;
  appendSummary: (markdown: string) => void;
  loadToolCache: () => Promise<ToolCache>;
  /** Built only when the run needs GitHub (the base schema, the comment). */
  github: () => Promise<GitHubClient>;
  /** The login that posts our comments: only its comments are read or updated. */
  identity: () => Promise<string>;
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
  const binary = await summarised(() =>
    resolveSqldefBinary({ tool, ...input.binary, loadToolCache: deps.loadToolCache, logger }),
  );
  logger.info(
    `Using ${tool} at ${binary.path} (${binary.source}${binary.version ? ` ${binary.version}` : ''}).`,
  );
  const github = input.needsGitHub ? await deps.github() : undefined;
  const currentSchema =
    input.mode === 'offline' ? await summarised(() => baseSchema(input, github, logger)) : undefined;
  const result = await summarised(() =>
    migrate({
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
    applied: String(result.applied),
    skipped: String(
      result.skipped.length + (result.applied ? 0 : result.statements.filter((s) => s.skipped).length),
    ),
  };
  return { result, outputs };
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
      renderReport(result, context),
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

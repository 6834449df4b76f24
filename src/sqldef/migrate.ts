// The sqldef-migrate core: plan (dry run or file-vs-file), classify, and apply when allowed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ConfigurationError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { buildCommand, type Connection, type Engine } from './command.js';
import type { ExecFn, ExecResult } from './exec.js';
import { parseSqldefOutput, type Statement } from './statements.js';
import { redact } from '../lib/redact.js';

export type Mode = 'dry-run' | 'offline' | 'apply';
export const MODES: readonly Mode[] = ['dry-run', 'offline', 'apply'];

export interface MigrateOptions {
  engine: Engine;
  mode: Mode;
  binary: string;
  /** Desired schema files (absolute paths), in order. */
  schemaFiles: string[];
  /** For dry-run and apply. */
  connection?: Connection;
  /** For offline: the current schema as text (e.g. the schema files at the pull request's base). */
  currentSchema?: string;
  enableDrop: boolean;
  configFiles?: string[];
  configInline?: string;
  /** Environment the child starts from (secrets for sqldef are added to it, INPUT_* removed). */
  env?: NodeJS.ProcessEnv;
  exec: ExecFn;
  logger: Logger;
  /** Values that must never appear in what is logged or returned (passwords, URLs). */
  secrets?: string[];
  tempDir?: string;
}

export interface MigrateResult {
  mode: Mode;
  /** The plan: what sqldef would run (skipped drops marked). */
  statements: Statement[];
  changed: boolean;
  hasDestructive: boolean;
  /** The destructive statements that made apply refuse (enable-drop false). */
  refused: Statement[];
  applied: boolean;
  /** What the apply ran, as sqldef printed it. */
  appliedStatements: Statement[];
  /** Time spent inside sqldef, in ms (for the action's own overhead). */
  sqldefMs: number;
}

export { redact };

/** Go's log prefix (`2024/01/02 15:04:05 `) is noise in an error message. */
function cleanSqldefMessage(result: ExecResult): string {
  return [result.stderr, result.stdout]
    .join('\n')
    .split('\n')
    .map((line) => line.replace(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} /, '').trimEnd())
    .filter((line) => line.trim() !== '' && !/^-- (dry run|Apply) --$/.test(line.trim()))
    .join('\n')
    .trim();
}

/** Names the schema file holding the DDL sqldef quotes in a parse error, when it can be found. */
function fileOfError(message: string, files: { name: string; text: string }[]): string | undefined {
  const quoted = /parsing DDL "([^\n]{1,80})/.exec(message)?.[1];
  if (!quoted) return undefined;
  const needle = quoted.replace(/\s+/g, ' ').slice(0, 40);
  return files.find((file) => file.text.replace(/\s+/g, ' ').includes(needle))?.name;
}

function describeFailure(
  result: ExecResult,
  options: MigrateOptions,
  what: 'plan' | 'apply',
  schemaTexts: { name: string; text: string }[],
): Error {
  const message = redact(cleanSqldefMessage(result), options.secrets) || `exit code ${result.exitCode}`;
  const connection = options.connection;
  const target = connection
    ? `database '${connection.database}'${connection.host ? ` on ${connection.host}${connection.port ? `:${connection.port}` : ''}` : ''}${connection.user ? ` as '${connection.user}'` : ''}`
    : 'the schema files';
  if (/password authentication failed|Access denied for user|Login failed for user/i.test(message)) {
    return new ConfigurationError(
      `sqldef could not log in to ${target}: ${message}\nCheck 'user' and 'password' (or 'database-url'). Nothing was applied.`,
    );
  }
  if (
    /Error on ExportDDLs|connection refused|no such host|i\/o timeout|dial tcp|could not connect|server closed/i.test(
      message,
    )
  ) {
    return new ConfigurationError(
      `sqldef could not read the current schema of ${target}: ${message}\n` +
        `Check 'host', 'port' and 'database'; the runner must reach the database (a self-hosted runner inside its network). Nothing was applied.`,
    );
  }
  if (what === 'plan' && /syntax error|found syntax error|parse|unexpected/i.test(message)) {
    const file = fileOfError(message, schemaTexts);
    const where = file ?? schemaTexts.map((entry) => entry.name).join(', ');
    return new ConfigurationError(`sqldef could not parse ${where}: ${message}`);
  }
  if (what === 'apply') {
    return new Error(
      `sqldef failed while applying to ${target} (statements in its transaction were rolled back): ${message}`,
    );
  }
  return new Error(`sqldef failed (exit code ${result.exitCode}): ${message}`);
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { logger, mode } = options;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(options.env ?? process.env)) {
    if (!key.startsWith('INPUT_') && value !== undefined) env[key] = value;
  }
  // Without it lib/pq waits for the operating system's TCP timeout on an unreachable host.
  env.PGCONNECT_TIMEOUT ??= '15';
  const schemaTexts = options.schemaFiles.map((file) => {
    try {
      return { name: basename(file), path: file, text: readFileSync(file, 'utf8') };
    } catch {
      throw new ConfigurationError(`Input 'schema-file': ${file} does not exist or cannot be read.`);
    }
  });
  let sqldefMs = 0;
  const run = async (dryRun: boolean, enableDrop: boolean, currentFile?: string) => {
    const command = buildCommand({
      engine: options.engine,
      binary: options.binary,
      schemaFiles: options.schemaFiles,
      connection: currentFile ? undefined : options.connection,
      currentFile,
      dryRun,
      enableDrop,
      configFiles: options.configFiles,
      configInline: options.configInline,
    });
    logger.info(`$ ${basename(command.command)} ${command.args.map(quoteArg).join(' ')}`);
    const result = await options.exec(command.command, command.args, { ...env, ...command.env });
    sqldefMs += result.ms;
    return result;
  };

  let plan: ExecResult;
  let tempDir: string | undefined;
  try {
    if (mode === 'offline') {
      tempDir = mkdtempSync(join(options.tempDir ?? tmpdir(), 'sqldef-'));
      const currentFile = join(tempDir, 'current.sql');
      writeFileSync(currentFile, options.currentSchema ?? '');
      schemaTexts.push({ name: 'the current schema', path: currentFile, text: options.currentSchema ?? '' });
      plan = await run(true, options.enableDrop, currentFile);
    } else {
      // apply plans with every drop visible so that it can refuse them; a dry run shows what apply would do.
      plan = await run(true, mode === 'apply' ? true : options.enableDrop);
    }
  } finally {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
  if (plan.exitCode !== 0) {
    const failure = describeFailure(plan, options, 'plan', schemaTexts);
    if (failure.message.startsWith('sqldef could not parse') && schemaTexts.length > 1) {
      // sqldef does not say which file: parse each alone against an empty schema to find it.
      const culprit = await findUnparsableFile(schemaTexts, options, env);
      if (culprit)
        throw new ConfigurationError(
          failure.message.replace(/^sqldef could not parse [^:]*:/, `sqldef could not parse ${culprit}:`),
        );
    }
    throw failure;
  }
  const parsed = parseSqldefOutput(redact(plan.stdout, options.secrets));
  const statements =
    mode === 'offline'
      ? parsed.statements.map((s) => ({ ...s, sql: withoutEmptySchema(s.sql) }))
      : parsed.statements;
  const result: MigrateResult = {
    mode,
    statements,
    changed: statements.length > 0,
    hasDestructive: statements.some((statement) => statement.destructive),
    refused: [],
    applied: false,
    appliedStatements: [],
    sqldefMs,
  };
  if (mode !== 'apply' || statements.length === 0) return result;

  const destructive = statements.filter((statement) => statement.destructive);
  if (destructive.length > 0 && !options.enableDrop) {
    result.refused = destructive;
    return result;
  }
  const applied = await run(false, options.enableDrop);
  result.sqldefMs = sqldefMs;
  if (applied.exitCode !== 0) throw describeFailure(applied, options, 'apply', schemaTexts);
  result.applied = true;
  result.appliedStatements = parseSqldefOutput(redact(applied.stdout, options.secrets)).statements;
  return result;
}

async function findUnparsableFile(
  files: { name: string; path: string; text: string }[],
  options: MigrateOptions,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const dir = mkdtempSync(join(options.tempDir ?? tmpdir(), 'sqldef-parse-'));
  try {
    const empty = join(dir, 'empty.sql');
    writeFileSync(empty, '');
    for (const file of files) {
      const path = file.path.endsWith('.sql') ? file.path : join(dir, 'file.sql');
      if (path !== file.path) writeFileSync(path, file.text);
      const command = buildCommand({
        engine: options.engine,
        binary: options.binary,
        schemaFiles: [path],
        currentFile: empty,
        dryRun: true,
        enableDrop: false,
      });
      const result = await options.exec(command.command, command.args, env);
      if (result.exitCode !== 0) return file.name;
    }
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** sqldef's file-vs-file diff qualifies names with an empty schema (`""."users"`); drop it for display. */
function withoutEmptySchema(sql: string): string {
  return sql.replace(/(^|[\s(,])""\./g, '$1');
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

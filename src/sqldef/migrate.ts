// The sqldef-migrate core: plan (dry run or file-vs-file), classify, and apply when allowed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ActionFailed, ConfigurationError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import { buildCommand, type Connection, type Engine } from './command.js';
import type { ProcessResult, runProcess } from '../lib/exec.js';
import { setsColumnTypes } from './classify.js';
import { parseSqldefOutput, statementsHash, type Statement } from './statements.js';

/** Runs a program: lib/exec's runProcess, or a stand-in in tests. */
export type Exec = typeof runProcess;

/** One sqldef run against the database, as an executor other than the local process sees it. */
export interface SqldefInvocation {
  purpose: 'plan' | 'export' | 'apply';
  dryRun: boolean;
  enableDrop: boolean;
  exportSchema: boolean;
}

/** Runs sqldef somewhere else (a Kubernetes Job); answers what runProcess would. */
export type SqldefExecutor = (invocation: SqldefInvocation) => Promise<ProcessResult>;

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
  /** Constraint drops are gated like drops (`gate-constraint-drops`); otherwise only shown. */
  gateConstraintDrops?: boolean;
  /** Apply even though sqldef holds statements back (`allow-skipped`); they are named in the report. */
  allowSkipped?: boolean;
  configFiles?: string[];
  configInline?: string;
  /** Environment the child starts from (secrets for sqldef are added to it, INPUT_* removed). */
  env?: NodeJS.ProcessEnv;
  exec: Exec;
  logger: Logger;
  /** Values that must never appear in what is logged or returned (passwords, URLs). */
  secrets?: string[];
  tempDir?: string;
  /** Runs dry-run and apply invocations instead of `exec` (run-in kubernetes); offline stays local. */
  executor?: SqldefExecutor;
  /** Where sqldef runs, for the advice when the database is unreachable. */
  where?: 'runner' | 'kubernetes';
  /** How errors name the database, when the connection is not known here (it is in a Secret). */
  target?: string;
  /** Apply only when the plan hashes to this (the plan the pull request comment showed). */
  expectedStatementsHash?: string;
}

export interface MigrateResult {
  mode: Mode;
  /** The plan: what sqldef would run (skipped drops marked). */
  statements: Statement[];
  changed: boolean;
  hasDestructive: boolean;
  /** The statements that made apply refuse: gated ones with enable-drop false, and ones sqldef would skip. */
  refused: Statement[];
  applied: boolean;
  /** What the apply ran, as sqldef printed it. */
  appliedStatements: Statement[];
  /** Planned statements sqldef did not run (held back without `--enable-drop`), after an apply. */
  skipped: Statement[];
  /** Constraint drops count as gated (`gate-constraint-drops`). */
  constraintDropsGated: boolean;
  /** Set when the run must fail although it finished: what went wrong and what to change. */
  failure?: string;
  /** Time spent inside sqldef, in ms (for the action's own overhead). */
  sqldefMs: number;
  /** statementsHash() of the plan. */
  statementsHash: string;
  /** Set when the plan differs from `expectedStatementsHash`: the live schema drifted. */
  drifted?: boolean;
}

/** Go's log prefix (`2024/01/02 15:04:05 `) is noise in an error message. */
function cleanSqldefMessage(result: ProcessResult): string {
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
  result: ProcessResult,
  options: MigrateOptions,
  what: 'plan' | 'apply',
  schemaTexts: { name: string; text: string }[],
): Error {
  const message = redact(cleanSqldefMessage(result), options.secrets) || `exit code ${result.exitCode}`;
  const connection = options.connection;
  const target = options.target
    ? options.target
    : connection
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
        (options.where === 'kubernetes'
          ? `Check 'host', 'port' and 'database' (or the Secret's keys); the Job's pod must reach the database (its security group must admit the cluster's pods). Nothing was applied.`
          : `Check 'host', 'port' and 'database'; the runner must reach the database (a self-hosted runner inside its network), or use run-in 'kubernetes'. Nothing was applied.`),
    );
  }
  if (what === 'plan' && /syntax error|found syntax error|parse|unexpected/i.test(message)) {
    const file = fileOfError(message, schemaTexts);
    const where = file ?? schemaTexts.map((entry) => entry.name).join(', ');
    return new ConfigurationError(`sqldef could not parse ${where}: ${message}`);
  }
  if (what === 'apply') {
    return new ActionFailed(
      `sqldef failed while applying to ${target} (statements in its transaction were rolled back): ${message}`,
    );
  }
  return new ActionFailed(`sqldef failed (exit code ${result.exitCode}): ${message}`);
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { logger, mode } = options;
  const env: NodeJS.ProcessEnv = {};
  // eslint-disable-next-line no-restricted-properties -- not yet passed in by the entry point
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
  const exec = async (command: string, args: string[], childEnv: NodeJS.ProcessEnv) => {
    const result = await options.exec(command, args, { env: childEnv });
    if (result.spawnError) throw new Error(`Could not run ${command}: ${result.spawnError.message}`);
    sqldefMs += result.ms;
    return result;
  };
  const run = async (dryRun: boolean, enableDrop: boolean, currentFile?: string, exportSchema = false) => {
    if (options.executor && currentFile === undefined) {
      const result = await options.executor({
        purpose: exportSchema ? 'export' : dryRun ? 'plan' : 'apply',
        dryRun,
        enableDrop,
        exportSchema,
      });
      sqldefMs += result.ms;
      return result;
    }
    const command = buildCommand({
      exportSchema,
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
    return exec(command.command, command.args, { ...env, ...command.env });
  };

  let plan: ProcessResult;
  let tempDir: string | undefined;
  try {
    if (mode === 'offline') {
      tempDir = mkdtempSync(join(options.tempDir ?? tmpdir(), 'sqldef-'));
      const currentFile = join(tempDir, 'current.sql');
      writeFileSync(currentFile, options.currentSchema ?? '');
      schemaTexts.push({ name: 'the current schema', path: currentFile, text: options.currentSchema ?? '' });
      plan = await run(true, options.enableDrop, currentFile);
    } else {
      // The plan runs with the apply's own enable-drop, so it shows what sqldef would hold back.
      plan = await run(true, options.enableDrop);
    }
  } finally {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
  if (plan.exitCode !== 0) {
    const failure = describeFailure(plan, options, 'plan', schemaTexts);
    if (failure.message.startsWith('sqldef could not parse') && schemaTexts.length > 1 && !options.executor) {
      // sqldef does not say which file: parse each alone against an empty schema to find it.
      const culprit = await findUnparsableFile(schemaTexts, options, env);
      if (culprit)
        throw new ConfigurationError(
          failure.message.replace(/^sqldef could not parse [^:]*:/, `sqldef could not parse ${culprit}:`),
        );
    }
    throw failure;
  }
  const planText = redact(plan.stdout, options.secrets);
  let parsed = parseSqldefOutput(planText);
  if (setsColumnTypes(parsed.statements)) {
    // Whether a type change narrows needs the current type: the base schema offline, else sqldef's export.
    const currentSchema = mode === 'offline' ? options.currentSchema : await exportSchema(run, logger);
    if (currentSchema !== undefined) parsed = parseSqldefOutput(planText, { currentSchema });
  }
  const statements =
    mode === 'offline'
      ? parsed.statements.map((s) => ({ ...s, sql: withoutEmptySchema(s.sql) }))
      : parsed.statements;
  const gated = (statement: Statement) =>
    !!statement.risk && (statement.risk !== 'constraint' || !!options.gateConstraintDrops);
  const result: MigrateResult = {
    mode,
    statements,
    changed: statements.length > 0,
    hasDestructive: statements.some(gated),
    refused: [],
    applied: false,
    appliedStatements: [],
    skipped: [],
    constraintDropsGated: !!options.gateConstraintDrops,
    sqldefMs,
    statementsHash: statementsHash(statements),
  };
  if (mode !== 'apply') return result;
  const expected = options.expectedStatementsHash;
  if (expected && expected !== result.statementsHash) {
    result.drifted = true;
    result.refused = statements;
    result.failure =
      `The live schema drifted: the plan now (statements hash ${result.statementsHash.slice(0, 12)}) differs from the one reviewed ` +
      `('expected-statements-hash' ${expected.slice(0, 12)}). Nothing was applied. ` +
      'Someone changed the database since the dry run: run the dry run again, review its plan, then apply.';
    return result;
  }
  if (statements.length === 0) return result;

  // Gated statements need enable-drop, unless sqldef holds them back and allow-skipped accepts that.
  const drops = options.enableDrop
    ? []
    : statements.filter((s) => gated(s) && !(s.skipped && options.allowSkipped));
  // Whatever else sqldef would hold back is a half-apply, unless allow-skipped.
  const held = options.allowSkipped ? [] : statements.filter((s) => s.skipped && !gated(s));
  if (drops.length > 0 || held.length > 0) {
    result.refused = [...drops, ...held];
    result.failure = refusal(drops, held);
    return result;
  }
  const applied = await run(false, options.enableDrop);
  result.sqldefMs = sqldefMs;
  if (applied.exitCode !== 0) throw describeFailure(applied, options, 'apply', schemaTexts);
  result.applied = true;
  result.appliedStatements = parseSqldefOutput(redact(applied.stdout, options.secrets)).statements;
  result.skipped = notExecuted(statements, result.appliedStatements);
  if (result.skipped.length > 0 && !options.allowSkipped) {
    result.failure =
      `sqldef skipped ${count(result.skipped.length, 'planned statement')}; the rest was applied:\n` +
      result.skipped.map((s) => `  ${s.sql};`).join('\n') +
      "\nSet 'enable-drop: true' to apply them, or 'allow-skipped: true' to accept this.";
  }
  return result;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function refusal(drops: Statement[], held: Statement[]): string {
  const lines = [`Refused to apply: nothing was applied.`];
  if (drops.length > 0) {
    lines.push(
      `${count(drops.length, 'statement')} ${drops.length === 1 ? 'is' : 'are'} gated and 'enable-drop' is false:`,
      ...drops.map((s) => `  ${s.sql};  -- ${s.destructive}`),
    );
  }
  if (held.length > 0) {
    lines.push(
      `sqldef would skip ${count(held.length, 'statement')} without --enable-drop, a half-apply:`,
      ...held.map((s) => `  ${s.sql};${s.destructive ? `  -- ${s.destructive}` : ''}`),
    );
  }
  lines.push(
    held.length > 0
      ? "Set 'enable-drop: true' to apply everything, 'allow-skipped: true' to apply the rest, or change the schema file."
      : "Set 'enable-drop: true' to apply them, or change the schema file.",
  );
  return lines.join('\n');
}

/** Planned statements that the apply did not execute (sqldef's own hold-back, under any release). */
function notExecuted(planned: Statement[], applied: Statement[]): Statement[] {
  const key = (sql: string) => sql.replace(/\s+/g, ' ').trim();
  const ran = new Map<string, number>();
  for (const s of applied) if (!s.skipped) ran.set(key(s.sql), (ran.get(key(s.sql)) ?? 0) + 1);
  const missing: Statement[] = [];
  for (const s of planned) {
    const left = ran.get(key(s.sql)) ?? 0;
    if (left > 0) ran.set(key(s.sql), left - 1);
    else missing.push({ ...s, skipped: true });
  }
  return missing;
}

/** sqldef's export of the database; undefined (types then count as unknown) when it fails. */
async function exportSchema(
  run: (
    dryRun: boolean,
    enableDrop: boolean,
    currentFile?: string,
    exportSchema?: boolean,
  ) => Promise<ProcessResult>,
  logger: Logger,
): Promise<string | undefined> {
  const result = await run(false, false, undefined, true);
  if (result.exitCode === 0) return result.stdout;
  logger.warning('sqldef --export failed: column type changes are flagged as if they could narrow.');
  return undefined;
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
      const result = await options.exec(command.command, command.args, { env });
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

// The terragrunt-plan core: detect → plan → comment (mode plan), detect → matrix (mode detect), merge
// per-unit result files from matrix jobs → comment (mode report), or plan every unit (or merge results) →
// one issue per drifted unit (mode drift).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { GitHubClient } from '../lib/github-client.js';
import type { Logger } from '../lib/logger.js';
import { ConfigurationError, describeError, getErrorMessage } from '../lib/errors.js';
import { changedFilesFromApi, changedFilesFromGit } from './changes.js';
import { setPlanLabels, upsertPlanComment } from './comment.js';
import { requireRepo, type RunContext } from './context.js';
import { changeRange } from '../lib/run-context.js';
import { detectUnits, toMatrix, type DetectResult } from './detect.js';
import { detectWithTerragrunt } from './detect-terragrunt.js';
import { driftSummary, keepDriftIssues, type DriftIssue } from './drift.js';
import { keepPlanFiles } from './plan-files.js';
import { renderPlanComment } from './plan-render.js';
import { planRemovedUnits } from './removed.js';
import type { Exec } from '../lib/exec.js';
import { TerragruntRunner } from './run.js';
import type { UnitResult } from './types.js';

export type PlanMode = 'plan' | 'detect' | 'report' | 'drift';

export interface PlanConfig {
  mode: PlanMode;
  /** Terragrunt root relative to the workspace. */
  rootDir: string;
  /** Explicit units (relative to rootDir): skip detection (matrix jobs). */
  units: string[];
  /** Explicit removed units (base paths relative to rootDir), from a detect job's matrix. */
  removed: string[];
  allUnits: boolean;
  includeDependents: boolean;
  /** `static` (read the HCL) or `terragrunt` (Terragrunt's own `find` with a git filter). */
  detection: 'static' | 'terragrunt';
  exclude: string[];
  /** Explicit changed files (relative to the repository); default from the PR API or git. */
  changedFiles?: string[];
  baseRef?: string;
  parallelism: number;
  terragrunt: string;
  tfPath?: string;
  planArgs: string[];
  comment: boolean;
  labels: boolean;
  resultsDir: string;
  /** Mode plan: also write this job's unit results to one JSON file (an array). */
  resultFile?: string;
  /** Mode report: directory (searched recursively) of result files; default resultsDir. */
  results?: string;
  artifactName: string;
  maxMatrixJobs: number;
  title?: string;
  /** Mode drift: the label of the drift issues. */
  driftLabel: string;
}

export interface PlanDeps {
  context: RunContext;
  getOctokit: () => Promise<GitHubClient>;
  /** Our identity (the login the token comments as), resolved once. */
  getIdentity: () => Promise<string>;
  exec: Exec;
  logger: Logger;
  /** Environment for Terragrunt (credentials included). */
  childEnv: Record<string, string>;
  secrets: string[];
}

export interface PlanOutcome {
  outputs: Record<string, unknown>;
  summary: string;
  failedUnits: string[];
  /** Why the comment (or labels) could not be written; the outputs and summary are still complete. */
  commentError?: string;
}

function pullNumber(context: RunContext): number | undefined {
  return (
    context.event.pull_request?.number ??
    (context.event.issue?.pull_request ? context.event.issue.number : undefined)
  );
}

async function changedFiles(config: PlanConfig, deps: PlanDeps): Promise<string[]> {
  if (config.changedFiles) return config.changedFiles;
  const { context } = deps;
  const pr = context.event.pull_request;
  if (pr && context.repo) {
    try {
      const files = await changedFilesFromApi(await deps.getOctokit(), context.repo, pr.number);
      if (files) return files;
      deps.logger.info('The pull request changes 3,000 files or more: reading the change set from git.');
    } catch (error) {
      deps.logger.warning(`Could not list the pull request's files (${getErrorMessage(error)}); using git.`);
    }
    return changedFilesFromGit(deps.exec, context.workspace, pr.base.sha, pr.head.sha, deps.childEnv);
  }
  const range = changeRange(context);
  if (range)
    return changedFilesFromGit(
      deps.exec,
      context.workspace,
      range.base,
      range.head,
      deps.childEnv,
      range.threeDot,
    );
  if (config.baseRef)
    return changedFilesFromGit(deps.exec, context.workspace, config.baseRef, 'HEAD', deps.childEnv);
  throw new ConfigurationError(
    "No change set: this is not a pull_request, merge_group or push event. Set 'changed-files', 'base-ref', 'units' or 'all-units'.",
  );
}

/** The commits to compare for `detection: terragrunt`. */
function commitRange(config: PlanConfig, context: RunContext): { base: string; head: string } {
  if (config.changedFiles) {
    throw new ConfigurationError(
      "'detection: terragrunt' compares two commits and cannot use 'changed-files': remove it, or use 'detection: static'.",
    );
  }
  const range = changeRange(context);
  if (range) return { base: range.base, head: range.head };
  if (config.baseRef) return { base: config.baseRef, head: 'HEAD' };
  throw new ConfigurationError(
    "No commits to compare: this is not a pull_request, merge_group or push event. Set 'base-ref', 'units' or 'all-units'.",
  );
}

/** The commit removed units are planned from: the pull request's base, the push's before, or base-ref. */
function baseCommit(config: PlanConfig, context: RunContext): string | undefined {
  if (context.event.pull_request) return context.event.pull_request.base.sha;
  if (context.event.before && !/^0+$/.test(context.event.before)) return context.event.before;
  return config.baseRef;
}

async function detect(config: PlanConfig, deps: PlanDeps): Promise<DetectResult> {
  const rootDir = resolve(deps.context.workspace, config.rootDir);
  const explicit = config.units.length > 0 || config.removed.length > 0;
  if (config.detection === 'terragrunt' && !explicit && !config.allUnits) {
    const result = await detectWithTerragrunt({
      repoRoot: deps.context.workspace,
      rootDir,
      ...commitRange(config, deps.context),
      includeDependents: config.includeDependents,
      exclude: config.exclude,
      terragrunt: config.terragrunt,
      exec: deps.exec,
      env: deps.childEnv,
    });
    deps.logger.info(
      `Terragrunt selected ${result.units.length} units${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}: ${result.units.map((u) => u.path).join(', ') || 'none'}`,
    );
    if (result.removed.length > 0)
      deps.logger.info(
        `Removed by the change (planned as destroys from the base commit): ${result.removed.join(', ')}`,
      );
    return result;
  }
  const files = config.allUnits || explicit ? [] : await changedFiles(config, deps);
  const result = await detectUnits({
    repoRoot: deps.context.workspace,
    rootDir,
    changedFiles: files,
    includeDependents: config.includeDependents,
    exclude: config.exclude,
    all: config.allUnits || explicit,
  });
  if (explicit) {
    result.removed = config.removed;
    const known = new Map(result.units.map((u) => [u.path, u]));
    const missing = config.units.filter((unit) => !known.has(unit));
    if (missing.length > 0) {
      throw new ConfigurationError(
        `Input 'units' names ${missing.map((u) => `'${u}'`).join(', ')}, which ${missing.length === 1 ? 'is not a unit' : 'are not units'} under '${config.rootDir}' (a directory with terragrunt.hcl).`,
      );
    }
    result.units = result.units.filter((u) => config.units.includes(u.path));
  }
  for (const warning of result.warnings) deps.logger.warning(warning);
  deps.logger.info(
    `${result.units.length} of ${result.total} units affected${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}: ${result.units.map((u) => u.path).join(', ') || 'none'}`,
  );
  if (result.removed.length > 0)
    deps.logger.info(
      `Removed by the change (planned as destroys from the base commit): ${result.removed.join(', ')}`,
    );
  return result;
}

const isResult = (value: unknown): value is UnitResult =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as UnitResult).unit === 'string' &&
  typeof (value as UnitResult).status === 'string';

/** A removed unit as written to result files (its path at the base commit). */
interface RemovedRecord {
  unit: string;
  removed: true;
}

const isRemovedRecord = (value: unknown): value is RemovedRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RemovedRecord).unit === 'string' &&
  (value as RemovedRecord).removed === true;

const REMOVED_FILE = 'removed.json';

/**
 * Every unit result and removed unit in the .json files under `dir` (a file holds one result or an array
 * of results and removed records).
 */
function readResults(dir: string): { results: UnitResult[]; removed: string[] } {
  const results: UnitResult[] = [];
  const removed = new Set<string>();
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'plans') walk(full);
      } else if (name.endsWith('.json')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(readFileSync(full, 'utf8'));
        } catch {
          continue;
        }
        for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
          if (isResult(item)) results.push(item);
          else if (isRemovedRecord(item)) removed.add(item.unit);
        }
      }
    }
  };
  try {
    walk(dir);
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read the plan results in 'results' (${dir}): ${getErrorMessage(error)}. Download the matrix jobs' artifacts there first.`,
    );
  }
  const byUnit = new Map<string, UnitResult>();
  for (const result of results) byUnit.set(`${result.removed ? 'removed:' : ''}${result.unit}`, result);
  return {
    results: [...byUnit.values()].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0)),
    removed: [...removed].sort(),
  };
}

const removedRecords = (removed: string[]): RemovedRecord[] =>
  removed.map((unit) => ({ unit, removed: true }));

function writeResults(dir: string, results: UnitResult[], removed: string[]): void {
  mkdirSync(dir, { recursive: true });
  if (removed.length > 0)
    writeFileSync(join(dir, REMOVED_FILE), JSON.stringify(removedRecords(removed), null, 2));
  for (const result of results) {
    writeFileSync(
      join(
        dir,
        `${result.removed ? 'removed.' : ''}${result.unit.replace(/[^A-Za-z0-9._-]+/g, '_')}.result.json`,
      ),
      JSON.stringify(result, null, 2),
    );
  }
}

export async function runPlan(config: PlanConfig, deps: PlanDeps): Promise<PlanOutcome> {
  const { context, logger } = deps;
  if (config.mode === 'detect') {
    const result = await detect(config, deps);
    const matrix = toMatrix(result.units, config.maxMatrixJobs, result.removed);
    const summary = [
      `## Terragrunt: affected units`,
      '',
      result.units.length
        ? result.units.map((u) => `- \`${u.path}\` — ${u.reasons.join('; ')}`).join('\n')
        : 'None.',
      ...(result.removed.length
        ? ['', '### Removed units', '', ...result.removed.map((unit) => `- \`${unit}\``)]
        : []),
    ].join('\n');
    return {
      outputs: {
        units: result.units.map((u) => u.path),
        removed: result.removed,
        matrix,
        'has-units': result.units.length > 0 || result.removed.length > 0,
        excluded: result.excluded,
      },
      summary,
      failedUnits: [],
    };
  }

  let results: UnitResult[];
  let removed: string[] = [];
  const headSha = context.headSha ?? context.sha;
  /** Mode drift: every unit the check covers, when known. */
  let covered: string[] | undefined = config.units.length > 0 ? config.units : undefined;
  if (config.mode === 'report' || (config.mode === 'drift' && config.results)) {
    const from = config.results ?? config.resultsDir;
    ({ results, removed } = readResults(from));
    logger.info(
      `Merged ${results.length} unit results${removed.length ? ` and ${removed.length} removed units` : ''} from ${from}.`,
    );
  } else {
    const detected = await detect(config, deps);
    removed = detected.removed;
    covered = detected.units.map((unit) => unit.path);
    const planDir = join(config.resultsDir, 'plans');
    const makeRunner = (rootDir: string, dir: string) =>
      new TerragruntRunner({
        rootDir,
        terragrunt: config.terragrunt,
        tfPath: config.tfPath,
        parallelism: config.parallelism,
        env: deps.childEnv,
        exec: deps.exec,
        logger,
        planDir: dir,
        secrets: deps.secrets,
        planArgs: config.planArgs,
      });
    const runner = makeRunner(resolve(context.workspace, config.rootDir), planDir);
    if (detected.units.length > 0) {
      const version = await runner.version();
      logger.info(`Terragrunt ${version?.raw ?? '(version unknown)'}`);
      await runner.generateStacks(detected.units);
    }
    results = await runner.plan(detected.units.map((u) => u.path));
    keepPlanFiles(results, (r) => runner.planFile(r.unit), planDir, headSha);
    if (removed.length > 0) {
      const destroys = await planRemovedUnits({
        exec: deps.exec,
        workspace: context.workspace,
        base: baseCommit(config, context),
        temp: context.temp,
        env: deps.childEnv,
        rootDir: config.rootDir,
        units: removed,
        makeRunner: (rootDir) => makeRunner(rootDir, join(planDir, 'removed')),
        logger,
      });
      keepPlanFiles(destroys.results, (r) => destroys.planFileOf(r.unit), planDir, headSha);
      results.push(...destroys.results);
    }
    writeResults(config.resultsDir, results, removed);
    if (config.resultFile) {
      mkdirSync(dirname(resolve(config.resultFile)), { recursive: true });
      writeFileSync(config.resultFile, JSON.stringify([...results, ...removedRecords(removed)], null, 2));
    }
  }

  const hasChanges = results.some((r) => r.status === 'changes');
  const hasDestroy = results.some((r) => r.status !== 'failed' && (r.destroy > 0 || r.replace > 0));
  const failedUnits = results.filter((r) => r.status === 'failed').map((r) => r.unit);
  const renderOptions = {
    workflow: context.workflow,
    dir: config.rootDir,
    headSha,
    runUrl: context.runUrl,
    runId: context.runId,
    baseSha: baseCommit(config, context),
    artifactName: config.artifactName,
    title: config.title,
    secrets: deps.secrets,
    applyHint: pullNumber(context) !== undefined,
    removed,
  };
  const rendered = renderPlanComment(results, renderOptions);
  // The job summary allows 1 MiB: it carries the full report (characters can be several bytes).
  const summary = renderPlanComment(results, { ...renderOptions, maxChars: 900_000 }).body;

  let commentUrl = '';
  let commentError: string | undefined;
  let driftIssues: DriftIssue[] = [];
  const number = pullNumber(context);
  if (config.mode === 'drift') {
    try {
      const kept = await keepDriftIssues({
        octokit: await deps.getOctokit(),
        repo: requireRepo(context),
        author: await deps.getIdentity(),
        label: config.driftLabel,
        dir: config.rootDir,
        results,
        units: covered,
        render: {
          runUrl: context.runUrl,
          sha: context.sha,
          artifactName: config.artifactName,
          secrets: deps.secrets,
        },
        logger,
      });
      driftIssues = kept.issues;
      const count = (action: string) => kept.issues.filter((issue) => issue.action === action).length;
      logger.info(
        `Drift issues: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('closed')} closed (${kept.calls} GitHub API calls).`,
      );
    } catch (error) {
      commentError = `Could not keep the drift issues: ${describeError(error).message}`;
    }
  } else if (config.comment && number !== undefined && context.repo) {
    try {
      const octokit = await deps.getOctokit();
      const posted = await upsertPlanComment({
        octokit,
        repo: context.repo,
        issueNumber: number,
        workflow: context.workflow,
        dir: config.rootDir,
        body: rendered.body,
        author: await deps.getIdentity(),
        logger,
      });
      commentUrl = posted.url;
      logger.info(`${posted.created ? 'Created' : 'Updated'} the plan comment: ${posted.url}`);
      if (config.labels) {
        const labels = (
          (context.event.pull_request as { labels?: { name: string }[] } | undefined)?.labels ?? []
        ).map((l) => l.name);
        await setPlanLabels(octokit, context.repo, number, { hasChanges, hasDestroy }, labels);
      }
    } catch (error) {
      // The plan is done: keep its results (outputs, job summary) and fail after writing them.
      commentError = `Could not write the plan comment on #${number}: ${describeError(error).message}`;
    }
  } else if (config.comment && number === undefined) {
    logger.info('Not a pull request: the report goes to the job summary only.');
  }

  const totals = { add: 0, change: 0, destroy: 0, replace: 0, import: 0, move: 0 };
  for (const r of results)
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += r[key];
  return {
    outputs: {
      units: results.filter((r) => !r.removed).map((r) => r.unit),
      removed,
      'has-changes': hasChanges,
      'has-destroy': hasDestroy,
      summary: {
        ...totals,
        units: results.map((r) => ({
          unit: r.unit,
          status: r.status,
          add: r.add,
          change: r.change,
          destroy: r.destroy,
          replace: r.replace,
          import: r.import,
          move: r.move,
          planHash: r.planHash,
          ...(r.removed ? { removed: true } : {}),
        })),
        failed: failedUnits,
      },
      'comment-url': commentUrl,
      'results-dir': config.resultsDir,
      ...(config.mode === 'drift'
        ? {
            drifted: results.filter((r) => r.status === 'changes').map((r) => r.unit),
            'drift-issues': driftIssues,
          }
        : {}),
    },
    summary:
      config.mode === 'drift'
        ? `${driftSummary(driftIssues, covered?.length ?? results.length)}\n${summary}`
        : summary,
    failedUnits,
    ...(commentError ? { commentError } : {}),
  };
}

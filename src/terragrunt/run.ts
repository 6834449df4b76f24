// Runs Terragrunt for a set of units: plan each unit to a file, read `show -json` for exact counts and a
// plan hash, keep the human diff, and apply saved plans in dependency order. Each unit is its own process
// so a unit that fails shows its own error without hiding the others.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Exec, ExecResult } from '../lib/exec.js';
import type { Logger } from '../lib/logger.js';
import { getErrorMessage } from '../lib/errors.js';
import { planSensitiveValues, summarisePlan } from './plan-json.js';
import { redact, registerSecrets } from '../lib/redact.js';
import { emptyResult, type UnitResult } from './types.js';

export interface TerragruntVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

export interface RunnerOptions {
  /** Absolute Terragrunt root; units are relative to it. */
  rootDir: string;
  /** terragrunt binary (name on PATH or path). */
  terragrunt?: string;
  /** OpenTofu/Terraform binary handed to Terragrunt as TG_TF_PATH (e.g. `tofu`). */
  tfPath?: string;
  /** Most units run at once. */
  parallelism: number;
  /** Environment of the child processes (credentials go here, never into this process). */
  env: Record<string, string>;
  exec: Exec;
  logger: Logger;
  /** Directory for plan files. */
  planDir: string;
  /** Values redacted from every text kept (errors, diffs). */
  secrets?: string[];
  /** Extra arguments for plan (e.g. -var-file=…, -refresh=false). */
  planArgs?: string[];
}

export function parseVersion(text: string): TerragruntVersion | undefined {
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), raw: match[0] };
}

/** Terragrunt 0.90 removed `run-all` and the `--terragrunt-*` flags in favour of `run --all` and TG_*. */
export function isModernTerragrunt(version: TerragruntVersion | undefined): boolean {
  if (!version) return true;
  return version.major > 0 || version.minor >= 90;
}

/** Environment settings that keep Terragrunt and the tf binary non-interactive and colourless. */
export function terragruntEnv(
  version: TerragruntVersion | undefined,
  tfPath?: string,
): Record<string, string> {
  const env: Record<string, string> = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', NO_COLOR: '1' };
  if (isModernTerragrunt(version)) {
    Object.assign(env, { TG_NON_INTERACTIVE: 'true', TG_NO_COLOR: 'true', TG_TF_FORWARD_STDOUT: 'true' });
    if (tfPath) env.TG_TF_PATH = tfPath;
  } else {
    Object.assign(env, { TERRAGRUNT_NON_INTERACTIVE: 'true', TERRAGRUNT_NO_COLOR: 'true' });
    if (tfPath) env.TERRAGRUNT_TFPATH = tfPath;
  }
  return env;
}

/**
 * The arguments for one unit: `run -- <command>` on Terragrunt >= 0.90 (the `run` command), the bare
 * command before it.
 */
export function unitArgs(version: TerragruntVersion | undefined, command: string[]): string[] {
  return isModernTerragrunt(version) ? ['run', '--', ...command] : command;
}

/**
 * The single-process form over many units (`run --all` on >= 0.90, `run-all` before), for callers that
 * want Terragrunt to order a whole tree itself (e.g. `run --all apply` of everything on merge).
 */
export function allUnitsArgs(
  version: TerragruntVersion | undefined,
  command: string[],
  includeDirs: string[],
  parallelism: number,
): string[] {
  if (isModernTerragrunt(version)) {
    return [
      'run',
      '--all',
      '--parallelism',
      String(parallelism),
      ...includeDirs.flatMap((dir) => ['--queue-include-dir', dir]),
      ...(includeDirs.length > 0 ? ['--queue-strict-include'] : []),
      '--',
      ...command,
    ];
  }
  return [
    'run-all',
    ...command,
    '--terragrunt-parallelism',
    String(parallelism),
    ...includeDirs.flatMap((dir) => ['--terragrunt-include-dir', dir]),
    ...(includeDirs.length > 0 ? ['--terragrunt-strict-include'] : []),
  ];
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The useful part of a failed run's output: from the first error on, at most 80 lines. */
export function errorText(result: ExecResult): string {
  const text = `${result.stderr}\n${result.stdout}`.replace(ANSI, '').replace(/\r\n/g, '\n');
  const lines = text
    .split('\n')
    .filter((line) => !/^\d\d:\d\d:\d\d\.\d+\s+INFO\s/.test(line))
    .map((line) => line.replace(/^\d\d:\d\d:\d\d\.\d+ (?:ERROR {2}|WARN {3}|STDERR |STDOUT )/, ''))
    .filter((line) => line.trim() !== '');
  const first = lines.findIndex((line) => /\berror\b|│ Error|^Error/i.test(line));
  const kept = (first >= 0 ? lines.slice(first) : lines.slice(-80)).slice(0, 80);
  return kept.join('\n') || `exited with code ${result.exitCode}`;
}

/** First `{` line on: Terragrunt may print log lines before the JSON on older versions. */
function extractJson(stdout: string): string {
  const at = stdout.search(/^\{/m);
  return at >= 0 ? stdout.slice(at) : stdout;
}

const slug = (unit: string) => unit.replace(/[^A-Za-z0-9._-]+/g, '_');

export class TerragruntRunner {
  private versionPromise?: Promise<TerragruntVersion | undefined>;
  constructor(private readonly options: RunnerOptions) {
    mkdirSync(options.planDir, { recursive: true });
  }

  private get bin(): string {
    return this.options.terragrunt ?? 'terragrunt';
  }

  version(): Promise<TerragruntVersion | undefined> {
    this.versionPromise ??= this.options
      .exec(this.bin, ['--version'], { cwd: this.options.rootDir, env: this.options.env })
      .then((result) => parseVersion(result.stdout + result.stderr));
    return this.versionPromise;
  }

  private async run(unit: string, command: string[]): Promise<ExecResult> {
    const version = await this.version();
    // Each unit gets its own download dir: parallel processes that read the same dependency's outputs
    // then never initialise one working directory at the same time.
    const downloadDir = join(this.options.planDir, 'cache', slug(unit));
    const env = {
      ...this.options.env,
      ...terragruntEnv(version, this.options.tfPath),
      ...(isModernTerragrunt(version)
        ? { TG_DOWNLOAD_DIR: downloadDir }
        : { TERRAGRUNT_DOWNLOAD: downloadDir }),
    };
    return this.options.exec(this.bin, unitArgs(version, command), {
      cwd: join(this.options.rootDir, unit),
      env,
    });
  }

  planFile(unit: string): string {
    return join(this.options.planDir, `${slug(unit)}.tfplan`);
  }

  /** Plans one unit to a file and summarises it; failures become a failed result, never a throw. */
  async planUnit(unit: string, destroy = false): Promise<UnitResult> {
    const started = Date.now();
    const result = emptyResult(unit);
    const secrets = this.options.secrets ?? [];
    const file = this.planFile(unit);
    try {
      const plan = await this.run(unit, [
        'plan',
        '-input=false',
        '-no-color',
        '-lock-timeout=60s',
        ...(destroy ? ['-destroy'] : []),
        ...(this.options.planArgs ?? []),
        `-out=${file}`,
      ]);
      if (plan.exitCode !== 0) {
        return {
          ...result,
          status: 'failed',
          error: redact(errorText(plan), secrets),
          durationMs: Date.now() - started,
        };
      }
      return { ...(await this.showPlan(unit, file, plan.stdout)), durationMs: Date.now() - started };
    } catch (error) {
      return {
        ...result,
        status: 'failed',
        error: redact(getErrorMessage(error), secrets),
        durationMs: Date.now() - started,
      };
    }
  }

  /**
   * Summarises a saved plan file of one unit (`show -json` for the counts and hash, `show` for the diff);
   * `planOutput` is the diff kept when the human `show` fails.
   */
  async showPlan(unit: string, file: string, planOutput = ''): Promise<UnitResult> {
    const result = emptyResult(unit);
    const secrets = this.options.secrets ?? [];
    // One Terragrunt process per unit at a time: two in one working directory race on `init`.
    const json = await this.run(unit, ['show', '-json', file]);
    const human = await this.run(unit, ['show', '-no-color', file]);
    if (json.exitCode !== 0) return { ...result, status: 'failed', error: redact(errorText(json), secrets) };
    const planJson = extractJson(json.stdout);
    const { hasChanges, ...summary } = summarisePlan(planJson);
    // Values the plan marks sensitive are redacted from this diff and from everything posted later.
    registerSecrets(...planSensitiveValues(planJson));
    return {
      ...result,
      ...summary,
      status: hasChanges ? 'changes' : 'no-changes',
      diff: redact(human.exitCode === 0 ? human.stdout : planOutput, secrets),
    };
  }

  /** Plans every unit, at most `parallelism` at once. */
  async plan(units: string[]): Promise<UnitResult[]> {
    return mapLimit(units, this.options.parallelism, (unit) =>
      this.options.logger.group(`terragrunt plan ${unit}`, async () => {
        const result = await this.planUnit(unit);
        this.options.logger.info(describe(result));
        return result;
      }),
    );
  }

  /**
   * Generates the stacks whose units are not generated yet (`terragrunt stack generate` in the directory
   * of each stack file); a failure is logged and the units then fail with their own error.
   */
  async generateStacks(units: { path: string; stack?: string }[]): Promise<void> {
    const stacks = new Set<string>();
    for (const unit of units)
      if (unit.stack !== undefined && !existsSync(join(this.options.rootDir, unit.path)))
        stacks.add(unit.stack);
    if (stacks.size === 0) return;
    const version = await this.version();
    for (const stack of [...stacks].sort()) {
      const result = await this.options.exec(this.bin, ['stack', 'generate'], {
        cwd: join(this.options.rootDir, stack),
        env: { ...this.options.env, ...terragruntEnv(version, this.options.tfPath) },
      });
      if (result.exitCode !== 0)
        this.options.logger.warning(
          `terragrunt stack generate in ${stack} failed:\n${redact(errorText(result), this.options.secrets ?? [])}`,
        );
    }
  }

  /** Applies a saved plan of one unit: by default the one planUnit made. */
  async applyUnit(unit: string, file = this.planFile(unit)): Promise<ExecResult> {
    return this.run(unit, ['apply', '-input=false', '-no-color', '-lock-timeout=60s', file]);
  }
}

export function describe(result: UnitResult): string {
  if (result.status === 'failed') return `${result.unit}: failed\n${result.error ?? ''}`;
  return `${result.unit}: ${result.add} to add, ${result.change} to change, ${result.destroy} to destroy, ${result.replace} to replace${result.import ? `, ${result.import} to import` : ''}${result.move ? `, ${result.move} to move` : ''}`;
}

/** Dependency waves: every unit after the selected units it depends on. */
export function waves(units: { path: string; dependencies: string[] }[]): string[][] {
  const selected = new Map(units.map((u) => [u.path, u.dependencies.filter((d) => d !== u.path)]));
  const done = new Set<string>();
  const result: string[][] = [];
  while (done.size < selected.size) {
    const wave = [...selected.keys()].filter(
      (path) => !done.has(path) && selected.get(path)!.every((dep) => done.has(dep) || !selected.has(dep)),
    );
    if (wave.length === 0) {
      // A cycle: run what is left together and let Terragrunt report it.
      result.push([...selected.keys()].filter((path) => !done.has(path)));
      break;
    }
    wave.forEach((path) => done.add(path));
    result.push(wave);
  }
  return result;
}

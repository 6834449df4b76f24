// Units a change removes exist only at the base commit: they are planned (and applied) as destroys from a
// git worktree of the base, outside the checkout, removed again afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ActionFailed, ConfigurationError, getErrorMessage } from '../lib/errors.js';
import type { Exec } from '../lib/exec.js';
import { confinePath } from '../lib/paths.js';
import type { Logger } from '../lib/logger.js';
import type { TerragruntRunner } from './run.js';
import { emptyResult, type UnitResult } from './types.js';

export interface BaseWorktree {
  /** Root of the worktree (the repository at the base commit). */
  path: string;
  remove(): Promise<void>;
}

/** Checks out `base` into a new worktree under `temp` (detached); fails clearly when the commit is missing. */
export async function addBaseWorktree(
  exec: Exec,
  workspace: string,
  base: string,
  temp: string,
  env: Record<string, string>,
): Promise<BaseWorktree> {
  if (base.startsWith('-') || !/^[\w./^~-]+$/.test(base)) {
    throw new ConfigurationError(`'${base}' is not a commit or ref to check out the base from.`);
  }
  const path = mkdtempSync(join(temp, 'terragrunt-base-'));
  const added = await exec('git', ['worktree', 'add', '--detach', '--quiet', path, `${base}^{commit}`], {
    cwd: workspace,
    env,
  });
  if (added.exitCode !== 0) {
    rmSync(path, { recursive: true, force: true });
    throw new ActionFailed(
      `Cannot check out the base commit ${base.slice(0, 12)} (${added.stderr.trim() || `git exited with ${added.exitCode}`}): check out with \`fetch-depth: 0\` (actions/checkout) so the base commit is present.`,
    );
  }
  return {
    path,
    remove: async () => {
      await exec('git', ['worktree', 'remove', '--force', path], { cwd: workspace, env });
      rmSync(path, { recursive: true, force: true });
      await exec('git', ['worktree', 'prune'], { cwd: workspace, env });
    },
  };
}

/** The directory of a removed unit in the base worktree, refused when it would leave the worktree's root. */
export function removedUnitDir(worktreeRoot: string, unit: string): string {
  return confinePath(worktreeRoot, unit, 'removed');
}

/** Results for removed units that could not be planned, each with the same error. */
export function failedRemoved(units: string[], error: string): UnitResult[] {
  return units.map((unit) => ({ ...emptyResult(unit), status: 'failed', removed: true, error }));
}

/**
 * Plans each removed unit as a destroy from the base commit (`plan -destroy` in a worktree of it, with the
 * state the unit's backend holds); every unit fails with the reason when the base cannot be checked out.
 */
export async function planRemovedUnits(options: {
  exec: Exec;
  workspace: string;
  /** The base commit; undefined when the event has none. */
  base: string | undefined;
  temp: string;
  env: Record<string, string>;
  /** Terragrunt root relative to the repository. */
  rootDir: string;
  units: string[];
  /** A runner for the Terragrunt root of the worktree. */
  makeRunner: (rootDir: string) => TerragruntRunner;
  logger: Logger;
}): Promise<{ results: UnitResult[]; planFileOf: (unit: string) => string }> {
  const none = { planFileOf: (unit: string) => unit };
  if (!options.base) {
    return {
      ...none,
      results: failedRemoved(
        options.units,
        "No base commit to plan the removed unit's destroy from: run on a pull_request or push event, or set 'base-ref'.",
      ),
    };
  }
  let worktree: BaseWorktree;
  try {
    worktree = await addBaseWorktree(
      options.exec,
      options.workspace,
      options.base,
      options.temp,
      options.env,
    );
  } catch (error) {
    return { ...none, results: failedRemoved(options.units, getErrorMessage(error)) };
  }
  try {
    const rootDir = join(worktree.path, options.rootDir);
    const runner = options.makeRunner(rootDir);
    const results: UnitResult[] = [];
    for (const unit of options.units) {
      try {
        removedUnitDir(rootDir, unit);
      } catch {
        results.push(...failedRemoved([unit], `'${unit}' leads outside the Terragrunt root.`));
        continue;
      }
      const result = await options.logger.group(
        `terragrunt plan -destroy ${unit} (removed, at ${options.base.slice(0, 7)})`,
        () => runner.planUnit(unit, true),
      );
      results.push({ ...result, removed: true });
    }
    return { results, planFileOf: (unit) => runner.planFile(unit) };
  } finally {
    await worktree.remove();
  }
}

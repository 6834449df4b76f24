// Change detection: which Terragrunt units a set of changed files affects, read statically (no
// Terragrunt process per unit) so that thousands of units take well under the time of one plan.
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { ConfigCache, isInside, readUnit, type UnitConfig } from './config.js';

export interface DetectOptions {
  /** Absolute path of the repository (changed files are relative to it). */
  repoRoot: string;
  /** Absolute path of the Terragrunt tree (units are reported relative to it). */
  rootDir: string;
  /** Changed files, relative to repoRoot. */
  changedFiles: string[];
  /** Also select units that depend (transitively) on an affected unit. */
  includeDependents?: boolean;
  /** Globs (relative to rootDir) of units to skip. */
  exclude?: string[];
  /** Select every unit regardless of changes. */
  all?: boolean;
  configName?: string;
}

export interface DetectedUnit {
  /** Unit directory relative to rootDir, with `/` separators. */
  path: string;
  /** Why it was selected, e.g. `changed: live/dev/vpc/main.hcl`, `module: modules/vpc`. */
  reasons: string[];
  /** Units it depends on (relative to rootDir). */
  dependencies: string[];
}

export interface DetectResult {
  /** Affected units in dependency order (dependencies first). */
  units: DetectedUnit[];
  /** Number of units found in the tree. */
  total: number;
  /** Affected units skipped by `exclude`. */
  excluded: string[];
  /** Units whose terragrunt.hcl was deleted by the change (nothing left to plan). */
  removed: string[];
  /** Expressions that could not be read statically (per unit), for the log. */
  warnings: string[];
}

const IGNORE = ['**/.terragrunt-cache/**', '**/.terraform/**', '**/node_modules/**', '**/.git/**'];
const MAX_REASONS = 3;

/** Every unit directory below rootDir (absolute), excluding files only included by other units. */
export async function findUnits(
  rootDir: string,
  cache: ConfigCache,
  configName = 'terragrunt.hcl',
): Promise<Map<string, UnitConfig>> {
  const files = await glob(`**/${configName}`, { cwd: rootDir, ignore: IGNORE, absolute: false, dot: false });
  const units = new Map<string, UnitConfig>();
  for (const file of files.sort()) {
    const dir = resolve(rootDir, dirname(file));
    units.set(dir, readUnit(cache, dir, configName));
  }
  // A terragrunt.hcl that other units include or read is configuration, not a unit.
  const pulledIn = new Set<string>();
  for (const unit of units.values()) for (const file of unit.files) pulledIn.add(file);
  for (const dir of [...units.keys()]) {
    const configFile = join(dir, configName);
    const body = cache.parse(configFile);
    const isRootWithoutSource = dir === rootDir && !body?.blocks.some((b) => b.type === 'terraform');
    if (pulledIn.has(configFile) || isRootWithoutSource) units.delete(dir);
  }
  return units;
}

export async function detectUnits(options: DetectOptions): Promise<DetectResult> {
  const repoRoot = resolve(options.repoRoot);
  const rootDir = resolve(options.rootDir);
  const configName = options.configName ?? 'terragrunt.hcl';
  const cache = new ConfigCache(repoRoot);
  const units = await findUnits(rootDir, cache, configName);
  const rel = (abs: string) => relative(rootDir, abs).split(sep).join('/') || '.';
  const relRepo = (abs: string) => relative(repoRoot, abs).split(sep).join('/') || '.';

  const reasons = new Map<string, string[]>();
  const select = (dir: string, reason: string) => {
    const list = reasons.get(dir);
    if (!list) reasons.set(dir, [reason]);
    else if (list.length < MAX_REASONS && !list.includes(reason)) list.push(reason);
  };

  const removed: string[] = [];
  if (options.all) {
    for (const dir of units.keys()) select(dir, 'all units');
  } else {
    // Indexes: file → units reading it; module directory → units using it.
    const byFile = new Map<string, string[]>();
    const byModule = new Map<string, string[]>();
    for (const unit of units.values()) {
      for (const file of unit.files) push(byFile, file, unit.dir);
      for (const dir of unit.modules) push(byModule, dir, unit.dir);
    }
    for (const changed of options.changedFiles) {
      const abs = resolve(repoRoot, changed);
      if (abs.includes(`${sep}.terragrunt-cache${sep}`)) continue;
      for (const dir of byFile.get(abs) ?? []) select(dir, `reads ${relRepo(abs)}`);
      let ownerFound = false;
      for (let dir = dirname(abs); ; dir = dirname(dir)) {
        if (!ownerFound && units.has(dir)) {
          select(dir, `changed ${relRepo(abs)}`);
          ownerFound = true;
        }
        for (const unitDir of byModule.get(dir) ?? []) select(unitDir, `module ${relRepo(dir)}`);
        if (dir === repoRoot || dirname(dir) === dir) break;
      }
      if (
        abs.endsWith(`${sep}${configName}`) &&
        isInside(abs, rootDir) &&
        !units.has(dirname(abs)) &&
        !existsSync(abs)
      ) {
        removed.push(rel(dirname(abs)));
      }
    }
    if (options.includeDependents) {
      const dependents = new Map<string, string[]>();
      for (const unit of units.values()) for (const dep of unit.dependencies) push(dependents, dep, unit.dir);
      const queue = [...reasons.keys()];
      while (queue.length > 0) {
        const dir = queue.shift()!;
        for (const dependent of dependents.get(dir) ?? []) {
          if (reasons.has(dependent)) continue;
          select(dependent, `depends on ${rel(dir)}`);
          queue.push(dependent);
        }
      }
    }
  }

  const isExcluded = picomatch(options.exclude ?? [], { dot: true });
  const excluded: string[] = [];
  const chosen: string[] = [];
  for (const dir of reasons.keys()) {
    if ((options.exclude?.length ?? 0) > 0 && isExcluded(rel(dir))) excluded.push(rel(dir));
    else chosen.push(dir);
  }

  const warnings: string[] = [];
  for (const dir of chosen) {
    const unit = units.get(dir)!;
    if (unit.unresolved.length > 0)
      warnings.push(`${rel(dir)}: could not read ${[...new Set(unit.unresolved)].join(', ')} statically`);
  }

  const ordered = dependencyOrder(chosen, units);
  return {
    units: ordered.map((dir) => ({
      path: rel(dir),
      reasons: reasons.get(dir) ?? [],
      dependencies: [...units.get(dir)!.dependencies].filter((d) => isInside(d, rootDir)).map(rel),
    })),
    total: units.size,
    excluded: excluded.sort(),
    removed: [...new Set(removed)].sort(),
    warnings,
  };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Sorted by path, then stably reordered so every unit comes after the selected units it depends on. */
export function dependencyOrder(dirs: string[], units: Map<string, UnitConfig>): string[] {
  const selected = new Set(dirs);
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: string[] = [];
  const visit = (dir: string) => {
    if (done.has(dir) || visiting.has(dir)) return; // a cycle is Terragrunt's error to report
    visiting.add(dir);
    for (const dep of [...(units.get(dir)?.dependencies ?? [])].sort()) if (selected.has(dep)) visit(dep);
    visiting.delete(dir);
    done.add(dir);
    order.push(dir);
  };
  for (const dir of [...dirs].sort()) visit(dir);
  return order;
}

export interface MatrixEntry {
  /** Job name: the unit, or `<first unit> +N` for a group. */
  name: string;
  /** Units of this job, space separated (pass to the plan step's `units` input). */
  units: string;
}

/**
 * Groups units into at most `maxJobs` matrix entries (GitHub allows 256 jobs per matrix). Units of the
 * same environment directory stay together where the groups allow.
 */
export function toMatrix(units: DetectedUnit[], maxJobs = 64): { include: MatrixEntry[] } {
  if (units.length === 0) return { include: [] };
  const perJob = Math.ceil(units.length / Math.max(1, maxJobs));
  const sorted = [...units].map((u) => u.path).sort();
  const include: MatrixEntry[] = [];
  for (let i = 0; i < sorted.length; i += perJob) {
    const group = sorted.slice(i, i + perJob);
    include.push({
      name: group.length === 1 ? group[0]! : `${group[0]} +${group.length - 1}`,
      units: group.join(' '),
    });
  }
  return { include };
}

// `detection: terragrunt`: the affected units as Terragrunt's own `find` selects them with a git filter
// expression (`[base...head]`, `...[base...head]` with dependents), for teams who want its semantics.
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Exec } from '../lib/exec.js';
import { ConfigurationError } from '../lib/errors.js';
import { ConfigCache, isInside, readStack } from './config.js';
import type { DetectedUnit, DetectResult } from './detect.js';
import { errorText, parseVersion, terragruntEnv } from './run.js';

export interface TerragruntDetectOptions {
  repoRoot: string;
  rootDir: string;
  base: string;
  head: string;
  includeDependents?: boolean;
  exclude?: string[];
  terragrunt: string;
  exec: Exec;
  env: Record<string, string>;
}

interface FoundComponent {
  type?: string;
  path: string;
  dependencies?: string[];
}

/** Git filter expressions arrived in Terragrunt 0.97. */
const MINIMUM = { major: 0, minor: 97 };

export function gitFilter(base: string, head: string, includeDependents = false): string {
  return `${includeDependents ? '...' : ''}[${base}...${head}]`;
}

export async function detectWithTerragrunt(options: TerragruntDetectOptions): Promise<DetectResult> {
  const repoRoot = resolve(options.repoRoot);
  const rootDir = resolve(options.rootDir);
  const run = (args: string[]) => options.exec(options.terragrunt, args, { cwd: rootDir, env });
  const env = { ...options.env, ...terragruntEnv(undefined) };
  const versionResult = await run(['--version']);
  const version = parseVersion(versionResult.stdout + versionResult.stderr);
  if (
    !version ||
    (version.major === MINIMUM.major && version.minor < MINIMUM.minor) ||
    version.major < MINIMUM.major
  ) {
    throw new ConfigurationError(
      `'detection: terragrunt' needs Terragrunt 0.97 or later (git filter expressions); found ${version?.raw ?? 'no version'}. Install a newer Terragrunt or use 'detection: static'.`,
    );
  }
  const filter = gitFilter(options.base, options.head, options.includeDependents);
  const result = await run(['find', '--json', '--dependencies', '--filter', filter]);
  if (result.exitCode !== 0) {
    throw new ConfigurationError(
      `terragrunt find --filter '${filter}' failed: ${errorText(result)}\nCheck out with \`fetch-depth: 0\` (actions/checkout) so both commits are present.`,
    );
  }
  let found: FoundComponent[];
  try {
    found = JSON.parse(
      result.stdout.slice(Math.max(0, result.stdout.indexOf('['))) || '[]',
    ) as FoundComponent[];
  } catch {
    throw new ConfigurationError(`terragrunt find printed no JSON list: ${result.stdout.slice(0, 200)}`);
  }

  // Terragrunt 1.0 prints git-filter results relative to the repository, other results relative to the
  // working directory: take the one that names a unit (or, for a removed unit, lies under rootDir).
  const rel = (abs: string) => relative(rootDir, abs).split(sep).join('/') || '.';
  const locate = (path: string): string | undefined => {
    const candidates = [resolve(repoRoot, path), resolve(rootDir, path)].filter(
      (abs) => isInside(abs, rootDir) && !abs.includes(`${sep}terragrunt-worktree-`),
    );
    return (
      candidates.find(
        (abs) => existsSync(join(abs, 'terragrunt.hcl')) || existsSync(join(abs, 'terragrunt.stack.hcl')),
      ) ?? candidates[0]
    );
  };

  const units = new Map<string, DetectedUnit>();
  const removed = new Set<string>();
  const cache = new ConfigCache(repoRoot);
  for (const component of found) {
    const abs = locate(component.path.replace(/\/$/, ''));
    if (!abs) continue;
    const path = rel(abs);
    const exists = existsSync(join(abs, 'terragrunt.hcl')) || existsSync(join(abs, 'terragrunt.stack.hcl'));
    if (!exists) {
      removed.add(path);
      continue;
    }
    if (component.type === 'stack') {
      // A selected stack: all of its units, where `terragrunt stack generate` puts them.
      for (const stackUnit of readStack(cache, abs)) {
        const unitPath = rel(stackUnit.dir);
        units.set(unitPath, {
          path: unitPath,
          reasons: [`stack ${path}: terragrunt find --filter '${filter}'`],
          dependencies: [],
          stack: path,
        });
      }
      continue;
    }
    const dependencies = (component.dependencies ?? [])
      .map((dependency) => locate(dependency))
      .filter((dependency): dependency is string => dependency !== undefined)
      .map(rel);
    const known = units.get(path);
    const unit: DetectedUnit = known ?? {
      path,
      reasons: [`terragrunt find --filter '${filter}'`],
      dependencies: [],
    };
    unit.dependencies = [...new Set([...unit.dependencies, ...dependencies])]
      .filter((d) => d !== path)
      .sort();
    units.set(path, unit);
  }

  const isExcluded = picomatch(options.exclude ?? [], { dot: true });
  const excluded: string[] = [];
  const chosen: DetectedUnit[] = [];
  for (const unit of [...units.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if ((options.exclude?.length ?? 0) > 0 && isExcluded(unit.path)) excluded.push(unit.path);
    else chosen.push(unit);
  }
  return {
    units: dependencyOrder(chosen),
    total: undefined,
    excluded,
    removed: [...removed].sort(),
    warnings: [],
  };
}

/** Every unit after the selected units it depends on (a cycle is Terragrunt's error to report). */
function dependencyOrder(units: DetectedUnit[]): DetectedUnit[] {
  const byPath = new Map(units.map((unit) => [unit.path, unit]));
  const done = new Set<string>();
  const order: DetectedUnit[] = [];
  const visit = (unit: DetectedUnit, visiting: Set<string>) => {
    if (done.has(unit.path) || visiting.has(unit.path)) return;
    visiting.add(unit.path);
    for (const dependency of unit.dependencies) {
      const selected = byPath.get(dependency);
      if (selected) visit(selected, visiting);
    }
    done.add(unit.path);
    order.push(unit);
  };
  for (const unit of units) visit(unit, new Set());
  return order;
}

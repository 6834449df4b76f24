// Detection cases on the fixture layouts in test/fixtures/terragrunt/detection, each made into a real git
// repository (main, then a change branch): what static detection selects from `git diff main...HEAD`, and
// what real Terragrunt's `find --filter '[main...HEAD]'` selects, with the reason wherever the two differ.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnExec } from '../../../src/lib/exec.js';
import { changedFilesFromGit } from '../../../src/terragrunt/changes.js';
import { detectUnits } from '../../../src/terragrunt/detect.js';
import { detectWithTerragrunt } from '../../../src/terragrunt/detect-terragrunt.js';
import { TerragruntRunner } from '../../../src/terragrunt/run.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { REPO_ROOT, runAction } from '../../harness/run-action.js';
import { TOOLS_PATH, describeWithTools } from '../../harness/tools.js';

const LAYOUTS = join(REPO_ROOT, 'test/fixtures/terragrunt/detection');

type Edit = { write: string; text: string } | { delete: string } | { move: string; to: string };

export interface DetectionCase {
  /** The detection case (the table in the report and the README names these). */
  name: string;
  layout: string;
  /** Commits of the change branch. */
  edits: Edit[];
  /** Commits on main after the branch was made (main moved on). */
  mainEdits?: Edit[];
  dependents?: boolean;
  /** Units static detection selects. */
  units: string[];
  /** Units it reports as removed. */
  removed?: string[];
  /** Warnings it logs (each must appear). */
  warnings?: string[];
  /** Where Terragrunt's git filter selects otherwise (it selects units ∪ removed by default), and why. */
  terragrunt?: { units: string[]; because: string };
}

const MODULES_NOT_FOLLOWED = "Terragrunt's git filter does not follow module sources";
const REMOVED_DEPENDENTS =
  "Terragrunt's `[main...HEAD]` selects the removed unit (to destroy it) but not the units that still depend on it; only `...[main...HEAD]` adds them";

export const CASES: DetectionCase[] = [
  {
    name: 'read_terragrunt_config: get_terragrunt_dir() in the read file is its own directory',
    layout: 'shared-config',
    edits: [{ write: 'live/_config/network.hcl', text: 'locals {\n  cidr = "10.1.0.0/16"\n}\n' }],
    units: ['live/dev/app', 'live/prd/app'],
  },
  {
    name: 'read_terragrunt_config: relative paths in the read file resolve from its directory',
    layout: 'shared-config',
    edits: [{ write: 'live/_config/tags.hcl', text: 'locals {\n  team = "data"\n}\n' }],
    units: ['live/dev/app', 'live/prd/app'],
  },
  {
    name: 'terraform.source conditional: union of both branches',
    layout: 'module-source',
    edits: [{ write: 'modules/app/main.tf', text: 'resource "terraform_data" "changed" {}\n' }],
    // app through its conditional, cache (any module under modules/), db (source unknown: any module).
    units: ['live/app', 'live/cache', 'live/db'],
    terragrunt: { units: [], because: MODULES_NOT_FOLLOWED },
  },
  {
    name: 'terraform.source partly known or unknown: any module under its directory, or any module',
    layout: 'module-source',
    edits: [{ write: 'modules/queue/main.tf', text: 'resource "terraform_data" "changed" {}\n' }],
    units: ['live/cache', 'live/db', 'live/queue'],
    warnings: [
      'live/db: its terraform source could not be read statically, so any module change selects it',
      'live/cache: could not read terraform source (any module under its known directory) statically',
    ],
    terragrunt: { units: [], because: MODULES_NOT_FOLLOWED },
  },
  {
    name: 'module README: not a module change',
    layout: 'module-source',
    edits: [{ write: 'modules/app/README.md', text: '# app\n\nMore words.\n' }],
    units: [],
  },
  {
    name: 'removed unit: its dependents are selected, it is reported removed',
    layout: 'removed-unit',
    edits: [{ delete: 'live/network' }],
    units: ['live/api', 'live/app'],
    removed: ['live/network'],
    terragrunt: { units: ['live/network'], because: REMOVED_DEPENDENTS },
  },
  {
    name: 'removed unit with dependents: the dependents of its dependents too',
    layout: 'removed-unit',
    edits: [{ delete: 'live/network' }],
    dependents: true,
    units: ['live/api', 'live/app', 'live/worker'],
    removed: ['live/network'],
  },
  {
    name: 'moved unit: removed at the old path, changed at the new one, old dependents selected',
    layout: 'removed-unit',
    edits: [{ move: 'live/network', to: 'live/core/network' }],
    units: ['live/api', 'live/app', 'live/core/network'],
    removed: ['live/network'],
    terragrunt: { units: ['live/core/network', 'live/network'], because: REMOVED_DEPENDENTS },
  },
  {
    name: 'stack file edit: every unit of the stack',
    layout: 'stack',
    edits: [
      {
        write: 'live/dev/terragrunt.stack.hcl',
        text: 'unit "vpc" {\n  source = "../../units/vpc"\n  path   = "vpc"\n}\n\nunit "app" {\n  source = "../../units/app"\n  path   = "app"\n  values = {\n    module = "app"\n    name   = "dev2"\n  }\n}\n',
      },
    ],
    units: ['live/dev/.terragrunt-stack/vpc', 'live/dev/.terragrunt-stack/app'],
    terragrunt: {
      units: ['live/dev (stack)'],
      because: 'Terragrunt selects the stack itself; running it generates and runs all of its units',
    },
  },
  {
    name: 'stack unit source edit: the units generated from it',
    layout: 'stack',
    edits: [
      {
        write: 'units/vpc/terragrunt.hcl',
        text: 'terraform {\n  source = "${get_repo_root()}/modules//vpc"\n}\n\ninputs = {\n  name = "vpc"\n}\n',
      },
    ],
    units: ['live/dev/.terragrunt-stack/vpc', 'live/prd/.terragrunt-stack/vpc'],
    terragrunt: {
      units: ['units/vpc'],
      because:
        "Terragrunt takes a stack unit's source directory for a unit of its own, and does not select the units generated from it",
    },
  },
  {
    name: 'stack unit module (through values): the units using it',
    layout: 'stack',
    edits: [{ write: 'modules/app/main.tf', text: 'resource "terraform_data" "changed" {}\n' }],
    units: ['live/dev/.terragrunt-stack/app', 'live/prd/.terragrunt-stack/app'],
    terragrunt: { units: [], because: MODULES_NOT_FOLLOWED },
  },
  {
    name: 'find_in_parent_folders fallback not used: not read',
    layout: 'over-planning',
    edits: [{ write: 'default-region.hcl', text: 'locals {\n  region = "us-east-2"\n}\n' }],
    units: [],
  },
  {
    name: 'read_terragrunt_config default not used: not read',
    layout: 'over-planning',
    edits: [{ write: 'default-settings.hcl', text: 'locals {\n  size = "medium"\n}\n' }],
    units: [],
    terragrunt: {
      units: ['live/app'],
      because:
        'Terragrunt evaluates the default argument of read_terragrunt_config even when the file exists, and records the default file as read',
    },
  },
  {
    name: 'deleted file a unit found: the unit (find_in_parent_folders now finds another)',
    layout: 'over-planning',
    edits: [{ delete: 'live/region.hcl' }],
    units: ['live/app'],
    terragrunt: {
      units: [],
      because:
        "Terragrunt's reading filter looks at the head commit, where no unit reads the deleted file any more",
    },
  },
  {
    name: 'module README, example and test files: not module changes',
    layout: 'over-planning',
    edits: [
      { write: 'modules/app/README.md', text: '# app module\n\nUsage.\n' },
      {
        write: 'modules/app/examples/basic/main.tf',
        text: 'module "app" {\n  source = "../.."\n  name = "y"\n}\n',
      },
      { write: 'modules/app/tests/app.tftest.hcl', text: 'run "apply" {\n  command = apply\n}\n' },
    ],
    units: [],
  },
  {
    name: 'template a module reads (templatefile): a module change',
    layout: 'over-planning',
    edits: [{ write: 'modules/app/templates/user-data.sh', text: '#!/bin/sh\necho "hi ${name}"\n' }],
    units: ['live/app'],
    terragrunt: { units: [], because: MODULES_NOT_FOLLOWED },
  },
  {
    name: 'unit README: not a unit change',
    layout: 'over-planning',
    edits: [{ write: 'live/app/README.md', text: '# app unit\n\nOwned by platform.\n' }],
    units: [],
    terragrunt: {
      units: ['live/app'],
      because: "Terragrunt's git filter takes any file in a unit's directory for a change of the unit",
    },
  },
  {
    name: 'file() in terragrunt.hcl: the file is read',
    layout: 'terragrunt-limits',
    edits: [{ write: 'policies/app.json', text: '{ "name": "app2" }\n' }],
    units: ['live/app'],
    terragrunt: { units: [], because: 'Terragrunt does not track files read by file()' },
  },
  {
    name: 'main moved on: only the branch’s own changes (three-dot diff)',
    layout: 'terragrunt-limits',
    mainEdits: [
      {
        write: 'live/web/terragrunt.hcl',
        text: 'terraform {\n  source = "../../modules//app"\n}\n\ninputs = {\n  name = "web"\n}\n',
      },
    ],
    edits: [
      {
        write: 'live/app/terragrunt.hcl',
        text: 'terraform {\n  source = "../../modules//app"\n}\n\ninputs = {\n  name = "app"\n}\n',
      },
    ],
    units: ['live/app'],
    terragrunt: {
      units: ['live/app', 'live/web'],
      because:
        "Terragrunt's git filter compares the two commits (a two-dot diff), so main's own later changes count",
    },
  },
];

const GIT_ENV = {
  PATH: TOOLS_PATH,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...GIT_ENV, HOME: cwd }, encoding: 'utf8' }).trim();
}

function applyEdits(repo: string, edits: Edit[], message: string): void {
  for (const edit of edits) {
    if ('write' in edit) {
      mkdirSync(dirname(join(repo, edit.write)), { recursive: true });
      writeFileSync(join(repo, edit.write), edit.text);
    } else if ('delete' in edit) {
      rmSync(join(repo, edit.delete), { recursive: true });
    } else {
      mkdirSync(dirname(join(repo, edit.to)), { recursive: true });
      renameSync(join(repo, edit.move), join(repo, edit.to));
    }
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/** The layout committed on main, then a `change` branch with the case's edits (checked out). */
export function makeRepository(detectionCase: DetectionCase): string {
  const repo = mkdtempSync(join(tmpdir(), `tg-${detectionCase.layout}-`));
  cpSync(join(LAYOUTS, detectionCase.layout), repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'change');
  applyEdits(repo, detectionCase.edits, 'change');
  if (detectionCase.mainEdits) {
    git(repo, 'checkout', '-q', 'main');
    applyEdits(repo, detectionCase.mainEdits, 'main moves on');
    git(repo, 'checkout', '-q', 'change');
  }
  return repo;
}

async function staticDetection(repo: string, detectionCase: DetectionCase) {
  const changedFiles = await changedFilesFromGit(spawnExec, repo, 'main', 'HEAD', { ...GIT_ENV, HOME: repo });
  return detectUnits({
    repoRoot: repo,
    rootDir: repo,
    changedFiles,
    includeDependents: detectionCase.dependents,
  });
}

describe('static detection on the fixture layouts (git diff main...HEAD)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, detectionCase) => {
    const repo = makeRepository(detectionCase);
    try {
      const result = await staticDetection(repo, detectionCase);
      expect(result.units.map((u) => u.path).sort()).toEqual([...detectionCase.units].sort());
      expect(result.removed).toEqual(detectionCase.removed ?? []);
      for (const warning of detectionCase.warnings ?? []) expect(result.warnings).toContain(warning);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

/** Units Terragrunt's `find` lists for a filter, relative to the repository. */
export function terragruntFind(repo: string, filter: string): string[] {
  const output = execFileSync('terragrunt', ['find', '--json', '--filter', filter], {
    cwd: repo,
    env: { ...GIT_ENV, HOME: repo, TG_NON_INTERACTIVE: 'true', TG_NO_COLOR: 'true' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const items = JSON.parse(output || '[]') as { type?: string; path: string }[];
  const names = items.map(
    (item) => `${item.path.replace(/\/$/, '')}${item.type === 'stack' ? ' (stack)' : ''}`,
  );
  return [...new Set(names)].sort();
}

describeWithTools(
  ['terragrunt', 'git'],
  "Terragrunt's own find --filter '[main...HEAD]' on the same layouts",
  () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, detectionCase) => {
      const repo = makeRepository(detectionCase);
      try {
        const filter = `${detectionCase.dependents ? '...' : ''}[main...HEAD]`;
        const expected = detectionCase.terragrunt?.units ?? [
          ...detectionCase.units,
          ...(detectionCase.removed ?? []),
        ];
        expect(terragruntFind(repo, filter)).toEqual([...expected].sort());
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });
  },
);

describeWithTools(
  ['terragrunt', 'git'],
  "detection: terragrunt (Terragrunt's find with a git filter)",
  () => {
    const find = (detectionCase: DetectionCase, repo: string, rootDir = repo) =>
      detectWithTerragrunt({
        repoRoot: repo,
        rootDir,
        base: 'main',
        head: 'HEAD',
        includeDependents: detectionCase.dependents,
        terragrunt: 'terragrunt',
        exec: spawnExec,
        env: { ...GIT_ENV, HOME: repo },
      });
    const byName = (name: string) => CASES.find((c) => c.name.startsWith(name))!;

    it('reads removed units and dependencies, in dependency order', async () => {
      const detectionCase = byName('removed unit with dependents');
      const repo = makeRepository(detectionCase);
      try {
        const result = await find(detectionCase, repo);
        expect(result.removed).toEqual(['live/network']);
        expect(result.units.map((u) => u.path)).toEqual(['live/api', 'live/app', 'live/worker']);
        expect(result.units[2]!.dependencies).toEqual(['live/app']);
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });

    it('plans a selected stack as its units', async () => {
      const detectionCase = byName('stack file edit');
      const repo = makeRepository(detectionCase);
      try {
        const result = await find(detectionCase, repo);
        expect(result.units.map((u) => [u.path, u.stack])).toEqual([
          ['live/dev/.terragrunt-stack/app', 'live/dev'],
          ['live/dev/.terragrunt-stack/vpc', 'live/dev'],
        ]);
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });

    it('reports units relative to a working directory below the repository root', async () => {
      const detectionCase = byName('read_terragrunt_config: get_terragrunt_dir()');
      const repo = makeRepository(detectionCase);
      try {
        const result = await find(detectionCase, repo, join(repo, 'live'));
        expect(result.units.map((u) => u.path)).toEqual(['dev/app', 'prd/app']);
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });

    it('runs in the bundle with detection: terragrunt and base-ref', async () => {
      const detectionCase = byName('moved unit');
      const repo = makeRepository(detectionCase);
      try {
        const run = await runAction('terragrunt-plan', {
          cwd: repo,
          inputs: { mode: 'detect', detection: 'terragrunt', 'base-ref': 'main' },
          env: { ...GIT_ENV, HOME: repo },
        });
        expect(run.stdout).not.toContain('::error::');
        expect(run.exitCode).toBe(0);
        expect(JSON.parse(run.outputs.units!)).toEqual(['live/core/network']);
        expect(JSON.parse(run.outputs.removed!)).toEqual(['live/network']);
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });

    it('refuses changed-files, which it cannot use', async () => {
      const detectionCase = byName('moved unit');
      const repo = makeRepository(detectionCase);
      try {
        const run = await runAction('terragrunt-plan', {
          cwd: repo,
          inputs: { mode: 'detect', detection: 'terragrunt', 'changed-files': 'live/app/terragrunt.hcl' },
          env: { ...GIT_ENV, HOME: repo },
        });
        expect(run.exitCode).toBe(1);
        expect(run.stdout).toContain(
          "::error::'detection: terragrunt' compares two commits and cannot use 'changed-files'",
        );
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });
  },
);

describeWithTools(['terragrunt', 'tofu', 'git'], 'stack units planned with real terragrunt and tofu', () => {
  it('generates the stack, then plans each detected unit in its generated directory', async () => {
    const detectionCase = CASES.find((c) => c.name.startsWith('stack file edit'))!;
    const repo = makeRepository(detectionCase);
    try {
      const detected = await staticDetection(repo, detectionCase);
      const runner = new TerragruntRunner({
        rootDir: repo,
        tfPath: 'tofu',
        parallelism: 2,
        env: { ...GIT_ENV, HOME: repo, TF_PLUGIN_CACHE_DIR: '' },
        exec: spawnExec,
        logger: createMemoryLogger(),
        planDir: join(repo, '.plans'),
      });
      await runner.generateStacks(detected.units);
      const results = await runner.plan(detected.units.map((u) => u.path));
      expect(results.map((r) => [r.unit, r.status, r.add, r.error ?? ''])).toEqual([
        ['live/dev/.terragrunt-stack/vpc', 'changes', 1, ''],
        ['live/dev/.terragrunt-stack/app', 'changes', 1, ''],
      ]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

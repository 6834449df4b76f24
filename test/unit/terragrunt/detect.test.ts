import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectUnits, toMatrix } from '../../../src/terragrunt/detect.js';
import { REPO_ROOT } from '../../harness/run-action.js';

const INFRA = join(REPO_ROOT, 'test/fixtures/terragrunt/infra');

async function affected(
  changedFiles: string[],
  options: { includeDependents?: boolean; exclude?: string[] } = {},
) {
  const result = await detectUnits({ repoRoot: INFRA, rootDir: INFRA, changedFiles, ...options });
  return result.units.map((unit) => unit.path);
}

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tg-detect-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('detectUnits on the fixture infra repo', () => {
  it('finds the six units and not the root or env files', async () => {
    const result = await detectUnits({ repoRoot: INFRA, rootDir: INFRA, changedFiles: [], all: true });
    expect(result.total).toBe(6);
    expect(result.units.map((u) => u.path)).toEqual([
      'live/dev/network',
      'live/dev/params',
      'live/dev/app',
      'live/prd/network',
      'live/prd/params',
      'live/prd/app',
    ]);
  });

  it('selects a unit from its own files', async () => {
    expect(await affected(['live/dev/params/terragrunt.hcl'])).toEqual(['live/dev/params']);
    expect(await affected(['live/dev/params/extra.tf'])).toEqual(['live/dev/params']);
  });

  it('fans a module change out to every unit using it, through nested local module calls', async () => {
    expect(await affected(['modules/labels/main.tf'])).toEqual(['live/dev/app', 'live/prd/app']);
    // `modules//network` (double slash) is the network module.
    expect(await affected(['modules/network/main.tf'])).toEqual(['live/dev/network', 'live/prd/network']);
    // `${get_repo_root()}/modules/params`
    expect(await affected(['modules/params/main.tf'])).toEqual(['live/dev/params', 'live/prd/params']);
  });

  it('follows include and read_terragrunt_config(find_in_parent_folders(...))', async () => {
    expect(await affected(['root.hcl'])).toHaveLength(6);
    expect(await affected(['live/prd/env.hcl'])).toEqual([
      'live/prd/network',
      'live/prd/params',
      'live/prd/app',
    ]);
  });

  it('adds dependents through dependency and dependencies blocks only when asked', async () => {
    expect(await affected(['live/dev/network/terragrunt.hcl'])).toEqual(['live/dev/network']);
    expect(await affected(['live/dev/network/terragrunt.hcl'], { includeDependents: true })).toEqual([
      'live/dev/network',
      'live/dev/app',
    ]);
    expect(await affected(['live/dev/params/terragrunt.hcl'], { includeDependents: true })).toEqual([
      'live/dev/params',
      'live/dev/app',
    ]);
  });

  it('skips units matching exclude globs and reports them', async () => {
    const result = await detectUnits({
      repoRoot: INFRA,
      rootDir: INFRA,
      changedFiles: ['root.hcl'],
      exclude: ['live/prd/**'],
    });
    expect(result.units.map((u) => u.path)).toEqual(['live/dev/network', 'live/dev/params', 'live/dev/app']);
    expect(result.excluded).toEqual(['live/prd/app', 'live/prd/network', 'live/prd/params']);
  });

  it('ignores files no unit reads', async () => {
    expect(await affected(['README.md', 'modules/README.md', '.github/workflows/plan.yml'])).toEqual([]);
  });

  it('records reasons and dependencies', async () => {
    const result = await detectUnits({
      repoRoot: INFRA,
      rootDir: INFRA,
      changedFiles: ['modules/labels/main.tf'],
    });
    expect(result.units[0]).toEqual({
      path: 'live/dev/app',
      reasons: ['module modules/labels'],
      dependencies: ['live/dev/network', 'live/dev/params'],
    });
  });
});

describe('detectUnits on other layouts', () => {
  const layout = {
    'terragrunt.hcl': 'locals {\n  modules = "${get_repo_root()}/infra/modules"\n}\n',
    'infra/terragrunt.hcl': [
      '# root config found by find_in_parent_folders()',
      'locals {',
      '  base = "${get_parent_terragrunt_dir()}/modules"',
      '}',
      'remote_state {',
      '  backend = "s3"',
      '  config = { key = "${path_relative_to_include()}/terraform.tfstate" }',
      '}',
    ].join('\n'),
    'infra/_envcommon/service.hcl': [
      'locals {',
      '  source_base = "${dirname(find_in_parent_folders())}/modules/service"',
      '  settings    = yamldecode(file("${get_terragrunt_dir()}/settings.yaml"))',
      '}',
      'terraform {',
      '  source = local.source_base',
      '}',
    ].join('\n'),
    'infra/modules/service/main.tf':
      'module "x" {\n  source = "./inner"\n}\nmodule "y" {\n  source = "git::https://example.com/y.git"\n}\n',
    'infra/modules/service/inner/main.tf': 'output "x" {\n  value = 1\n}\n',
    'infra/modules/db/main.tf': '',
    'infra/live/a/terragrunt.hcl': [
      'include "root" {',
      '  path = find_in_parent_folders()',
      '}',
      'include "service" {',
      '  path   = "${dirname(find_in_parent_folders())}/_envcommon/service.hcl"',
      '  expose = true',
      '}',
      'inputs = {',
      '  enabled = true ? "a" : "b"',
      '  list    = [for x in ["a"] : upper(x)]',
      '  doc     = <<-EOT',
      '    a "quoted" ${heredoc} line',
      '    EOT',
      '}',
    ].join('\n'),
    'infra/live/a/settings.yaml': 'x: 1\n',
    'infra/live/b/terragrunt.hcl': [
      'include "root" {',
      '  path = find_in_parent_folders()',
      '}',
      'terraform {',
      '  source = "${include.root.locals.base}//db"',
      '}',
      '/* a block comment with dependency "z" { config_path = "../zzz" } */',
      'dependency "a" {',
      '  config_path = "../a/terragrunt.hcl"',
      '}',
    ].join('\n'),
    'infra/live/b/nested/terragrunt.hcl':
      'terraform {\n  source = "tfr:///terraform-aws-modules/vpc/aws?version=5.0.0"\n}\n',
    'infra/live/d/terragrunt.hcl':
      'locals {\n  c = read_terragrunt_config("../c/terragrunt.hcl")\n}\nterraform {\n  source = "../../modules//db"\n}\n',
    'infra/live/c/terragrunt.hcl':
      'terraform {\n  source = "git::https://example.com/modules.git//vpc?ref=v1"\n}\ndependencies {\n  paths = ["../b"]\n}\n',
  };

  async function run(changedFiles: string[], includeDependents = false) {
    const root = tree(layout);
    const result = await detectUnits({
      repoRoot: root,
      rootDir: join(root, 'infra'),
      changedFiles,
      includeDependents,
    });
    return result;
  }

  it('treats the included root terragrunt.hcl as configuration, not a unit', async () => {
    const result = await run([]);
    expect(result.total).toBe(5);
  });

  it('resolves locals, include.<name>.locals, dirname(find_in_parent_folders()) and file() reads', async () => {
    expect((await run(['infra/_envcommon/service.hcl'])).units.map((u) => u.path)).toEqual(['live/a']);
    expect((await run(['infra/modules/service/inner/main.tf'])).units.map((u) => u.path)).toEqual(['live/a']);
    expect((await run(['infra/live/a/settings.yaml'])).units.map((u) => u.path)).toEqual(['live/a']);
    expect((await run(['infra/modules/db/main.tf'])).units.map((u) => u.path)).toEqual(['live/b', 'live/d']);
    // A unit another unit only reads stays a unit, and the reader is affected by it.
    expect((await run(['infra/live/c/terragrunt.hcl'])).units.map((u) => u.path)).toEqual([
      'live/c',
      'live/d',
    ]);
    expect((await run(['infra/terragrunt.hcl'])).units.map((u) => u.path)).toEqual(['live/a', 'live/b']);
  });

  it('gives a file to the deepest unit only and orders dependents after dependencies', async () => {
    expect((await run(['infra/live/b/nested/main.tf'])).units.map((u) => u.path)).toEqual(['live/b/nested']);
    const result = await run(['infra/live/a/terragrunt.hcl'], true);
    expect(result.units.map((u) => u.path)).toEqual(['live/a', 'live/b', 'live/c']);
    expect(result.units[2]!.reasons).toEqual(['depends on live/b']);
  });

  it('reports units whose config was deleted and ignores the terragrunt cache', async () => {
    const result = await run(['infra/live/gone/terragrunt.hcl', 'infra/live/a/.terragrunt-cache/x/main.tf']);
    expect(result.removed).toEqual(['live/gone']);
    expect(result.units).toEqual([]);
  });

  it('does not take a commented-out dependency for a real one', async () => {
    const result = await run(['infra/live/b/terragrunt.hcl']);
    expect(result.units).toEqual([
      { path: 'live/b', reasons: ['changed infra/live/b/terragrunt.hcl'], dependencies: ['live/a'] },
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe('toMatrix', () => {
  const units = Array.from({ length: 10 }, (_, i) => ({ path: `live/u${i}`, reasons: [], dependencies: [] }));
  it('puts one unit per job when they fit', () => {
    expect(toMatrix(units.slice(0, 2))).toEqual({
      include: [
        { name: 'live/u0', units: 'live/u0', removed: '' },
        { name: 'live/u1', units: 'live/u1', removed: '' },
      ],
    });
  });
  it('groups units when there are more than max jobs', () => {
    const matrix = toMatrix(units, 4);
    expect(matrix.include).toHaveLength(4);
    expect(matrix.include[0]).toEqual({ name: 'live/u0 +2', units: 'live/u0 live/u1 live/u2', removed: '' });
    expect(matrix.include.flatMap((e) => e.units.split(' '))).toHaveLength(10);
  });
  it('is empty for no units', () => {
    expect(toMatrix([])).toEqual({ include: [] });
  });
  it('gives removed units an entry of their own within max jobs', () => {
    const matrix = toMatrix(units, 4, ['live/gone', 'live/old']);
    expect(matrix.include).toHaveLength(4);
    expect(matrix.include.flatMap((e) => e.units.split(' ').filter(Boolean))).toHaveLength(10);
    expect(matrix.include[3]).toEqual({
      name: 'removed: live/gone +1',
      units: '',
      removed: 'live/gone live/old',
    });
    expect(toMatrix([], 64, ['live/gone']).include).toEqual([
      { name: 'removed: live/gone', units: '', removed: 'live/gone' },
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarisePlan } from '../../../src/terragrunt/plan-json.js';
import {
  GITHUB_COMMENT_LIMIT,
  commentMarker,
  parseMarker,
  parsePlanHashes,
  renderPlanComment,
  toDiff,
} from '../../../src/terragrunt/plan-render.js';
import { emptyResult, type UnitResult } from '../../../src/terragrunt/types.js';
import { REPO_ROOT } from '../../harness/run-action.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/terragrunt');
const plan = (name: string) => readFileSync(join(FIXTURES, 'plans', `${name}.txt`), 'utf8');
const planJson = (name: string) => readFileSync(join(FIXTURES, 'plans', `${name}.json`), 'utf8');

function result(unit: string, name: string): UnitResult {
  const summary = summarisePlan(planJson(name));
  const { hasChanges, ...counts } = summary;
  return { ...emptyResult(unit), ...counts, status: hasChanges ? 'changes' : 'no-changes', diff: plan(name) };
}

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, actual: string): void {
  const file = join(FIXTURES, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const OPTIONS = {
  workflow: 'infra plan',
  dir: 'infra',
  headSha: '0123456789abcdef0123456789abcdef01234567',
  runUrl: 'https://github.com/acme/infra/actions/runs/42',
  artifactName: 'terragrunt-plans',
  applyHint: true,
};

describe('summarisePlan', () => {
  it('counts updates and replacements apart', () => {
    const summary = summarisePlan(planJson('app-update-replace'));
    expect(summary).toMatchObject({
      add: 0,
      change: 1,
      destroy: 0,
      replace: 1,
      import: 0,
      move: 0,
      hasChanges: true,
    });
    expect(summary.resources).toEqual([
      { address: 'terraform_data.deployment', action: 'replace' },
      { address: 'terraform_data.service', action: 'update' },
    ]);
    expect(summary.planHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts creates, destroys and changed outputs', () => {
    expect(summarisePlan(planJson('params-create'))).toMatchObject({ add: 3, outputs: ['names'] });
    expect(summarisePlan(planJson('app-destroy'))).toMatchObject({
      destroy: 2,
      add: 0,
      outputs: ['service_id'],
    });
  });

  it('counts imports and moves and ignores no-ops and reads', () => {
    const summary = summarisePlan({
      resource_changes: [
        { address: 'a.b', change: { actions: ['no-op'] } },
        { address: 'data.x.y', change: { actions: ['read'] } },
        { address: 'a.new', previous_address: 'a.old', change: { actions: ['no-op'] } },
        { address: 'a.imp', change: { actions: ['no-op'], importing: { id: 'i-1' } } },
      ],
    });
    expect(summary).toMatchObject({ add: 0, import: 1, move: 1, hasChanges: true });
    expect(summary.resources).toEqual([
      { address: 'a.new', action: 'move', previousAddress: 'a.old' },
      { address: 'a.imp', action: 'import' },
    ]);
  });

  it('hashes equal plans equally whatever the key order, and different plans differently', () => {
    const a = summarisePlan({
      resource_changes: [{ address: 'x', change: { actions: ['create'], after: { a: 1, b: 2 } } }],
    });
    const b = summarisePlan({
      resource_changes: [{ address: 'x', change: { actions: ['create'], after: { b: 2, a: 1 } } }],
    });
    const c = summarisePlan({
      resource_changes: [{ address: 'x', change: { actions: ['create'], after: { a: 1, b: 3 } } }],
    });
    expect(a.planHash).toBe(b.planHash);
    expect(a.planHash).not.toBe(c.planHash);
  });
});

describe('toDiff', () => {
  it('moves change symbols to the start of the line and keeps only the actions', () => {
    const diff = toDiff(plan('app-update-replace'));
    expect(diff.split('\n')[0]).toBe('  # terraform_data.deployment must be replaced');
    expect(diff).toContain('\n-/+ resource "terraform_data" "deployment" {');
    expect(diff).toContain('\n~       id               = "b1858be4');
    expect(diff).toContain('\n~   resource "terraform_data" "service" {');
    expect(diff).toContain('\n-               app     = "app-dev"');
    expect(diff).not.toContain('Resource actions are indicated');
    expect(diff).toContain('Plan: 1 to add, 1 to change, 1 to destroy.');
    expect(toDiff(plan('params-create'))).toContain('\n+   resource "terraform_data" "api_key" {');
  });
});

describe('renderPlanComment', () => {
  const mixed: UnitResult[] = [
    result('live/dev/params', 'params-create'),
    result('live/dev/app', 'app-update-replace'),
    result('live/prd/app', 'app-destroy'),
    {
      ...emptyResult('live/prd/broken'),
      status: 'failed',
      error:
        'Error: Unsupported argument\n\n  on main.tf line 3:\n   3:   bogus = "x"\n\ntoken ghp_abcdefghijklmnop leaked',
    },
    emptyResult('live/dev/network'),
    emptyResult('live/prd/network'),
  ];

  it('renders status, destroy banner, table, one details per unit and the no-change line (golden)', () => {
    const { body, cut } = renderPlanComment(mixed, { ...OPTIONS, secrets: ['ghp_abcdefghijklmnop'] });
    expect(cut).toEqual([]);
    expect(body).not.toContain('ghp_abcdefghijklmnop');
    golden('mixed.md', body);
  });

  it('renders a plan without changes (golden)', () => {
    golden('no-changes.md', renderPlanComment([emptyResult('live/dev/network')], OPTIONS).body);
  });

  it('records the marker, head and per-unit plan hashes and reads them back', () => {
    const { body } = renderPlanComment(mixed, OPTIONS);
    expect(body.startsWith(commentMarker('infra plan', 'infra'))).toBe(true);
    expect(parseMarker(body)).toEqual({ workflow: 'infra plan', dir: 'infra', head: OPTIONS.headSha });
    const hashes = parsePlanHashes(body);
    expect(hashes.get('live/dev/app')).toBe(mixed[1]!.planHash);
    expect(hashes.size).toBe(3);
    expect(parseMarker('a comment from someone else')).toBeUndefined();
  });

  it('cuts the largest details first to stay under the limit, keeping the whole table', () => {
    const big = (unit: string, lines: number): UnitResult => ({
      ...emptyResult(unit),
      status: 'changes',
      add: lines,
      diff:
        'Terraform will perform the following actions:\n' +
        Array.from(
          { length: lines },
          (_, i) => `  + resource "terraform_data" "r${i}" { input = "${'x'.repeat(60)}" }`,
        ).join('\n'),
    });
    const results = [big('live/huge', 3000), big('live/large', 800), big('live/small', 5)];
    for (let i = 0; i < 100; i++) results.push(big(`live/many/u${String(i).padStart(3, '0')}`, 2));
    const { body, cut } = renderPlanComment(results, OPTIONS);
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(cut).toEqual(['live/huge', 'live/large']);
    for (const r of results) expect(body).toContain(`| \`${r.unit}\` | ${r.add} | 0 | 0 | 0 | 📝 changes |`);
    expect(body).toContain('Full plans are in the job summary and the `terragrunt-plans` workflow artifact');
    expect(body).toContain('resource "terraform_data" "r4"'); // small unit's diff kept
  });

  it('stays under the limit with hundreds of units', () => {
    const results = Array.from({ length: 500 }, (_, i) => ({
      ...emptyResult(`live/env${i % 10}/unit-${i}`),
      status: 'changes' as const,
      change: 1,
      diff:
        'Terraform will perform the following actions:\n' +
        '  ~ resource "terraform_data" "x" {\n      ~ input = "a" -> "b"\n    }\n'.repeat(20),
    }));
    const { body } = renderPlanComment(results, OPTIONS);
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).toContain('| `live/env9/unit-499` | 0 | 1 | 0 | 0 | 📝 changes |');
  });
});

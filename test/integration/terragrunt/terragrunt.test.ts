// Real terragrunt and tofu on the fixture infra repo (built-in resources and local state only).
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleApplyCommand } from '../../../src/terragrunt/apply.js';
import { detectUnits } from '../../../src/terragrunt/detect.js';
import { spawnExec } from '../../../src/lib/exec.js';
import { renderPlanComment } from '../../../src/terragrunt/plan-render.js';
import { TerragruntRunner, waves } from '../../../src/terragrunt/run.js';
import type { UnitResult } from '../../../src/terragrunt/types.js';
import { createGitHubClient } from '../../../src/lib/github-client.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { startGitHubEmulator } from '../../harness/github/index.js';
import { REPO_ROOT, runAction } from '../../harness/run-action.js';
import { TOOLS_PATH, describeWithTools } from '../../harness/tools.js';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/terragrunt/infra');
const SECRET = 's3cr3t-api-key-value';

describeWithTools(['terragrunt', 'tofu'], 'terragrunt-plan with real terragrunt and tofu', () => {
  let work: string;
  let infra: string;
  const env = (): Record<string, string> => ({
    PATH: TOOLS_PATH,
    HOME: work,
    TF_PLUGIN_CACHE_DIR: '',
    GIT_CONFIG_GLOBAL: '/dev/null',
  });
  const runner = (planDir = join(work, 'plans')) =>
    new TerragruntRunner({
      rootDir: infra,
      tfPath: 'tofu',
      parallelism: 3,
      env: env(),
      exec: spawnExec,
      logger: createMemoryLogger(),
      planDir,
      secrets: [SECRET],
    });
  const byUnit = (results: UnitResult[]) => new Map(results.map((r) => [r.unit, r]));
  const edit = (path: string, from: string | RegExp, to: string) => {
    const file = join(infra, path);
    const text = readFileSync(file, 'utf8');
    const next = text.replace(from, to);
    if (next === text) throw new Error(`no change in ${path}`);
    writeFileSync(file, next);
  };
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: infra, env: { ...process.env, ...env() }, encoding: 'utf8' }).trim();

  async function applyAll(units: string[]): Promise<void> {
    const all = await detectUnits({ repoRoot: infra, rootDir: infra, changedFiles: [], all: true });
    const r = runner();
    for (const wave of waves(all.units.filter((u) => units.includes(u.path)))) {
      for (const unit of wave) {
        const plan = await r.planUnit(unit);
        expect(plan.error ?? '').toBe('');
        const applied = await r.applyUnit(unit);
        expect(applied.stderr + applied.stdout).toContain('Apply complete!');
      }
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tg-int-'));
    infra = join(work, 'infra');
    cpSync(FIXTURE, infra, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'infra');
  }, 60_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('plans creates for every unit (dependencies with mock outputs), keeping sensitive values masked', async () => {
    const all = await detectUnits({ repoRoot: infra, rootDir: infra, changedFiles: [], all: true });
    const results = byUnit(await runner().plan(all.units.map((u) => u.path)));
    expect(results.get('live/dev/network')).toMatchObject({ status: 'changes', add: 1, destroy: 0 });
    expect(results.get('live/dev/params')).toMatchObject({ status: 'changes', add: 3, outputs: ['names'] });
    expect(results.get('live/dev/app')).toMatchObject({ status: 'changes', add: 2 });
    expect(results.get('live/dev/params')!.diff).toContain('(sensitive value)');
    const body = renderPlanComment([...results.values()], { workflow: 'w', dir: '.' }).body;
    expect(body).not.toContain(SECRET);
    expect(body).toContain('| `live/dev/params` | 3 | 0 | 0 | 0 | 📝 changes |');
  }, 300_000);

  it('applies, then plans no changes with a stable plan hash', async () => {
    await applyAll(['live/dev/network', 'live/dev/params', 'live/dev/app']);
    const first = byUnit(await runner().plan(['live/dev/network', 'live/dev/params', 'live/dev/app']));
    const second = byUnit(await runner().plan(['live/dev/network', 'live/dev/params', 'live/dev/app']));
    for (const unit of first.keys()) {
      expect([first.get(unit)!.error, second.get(unit)!.error]).toEqual([undefined, undefined]);
      expect(first.get(unit)).toMatchObject({ status: 'no-changes' });
      expect(second.get(unit)!.planHash).toBe(first.get(unit)!.planHash);
    }
  }, 300_000);

  it('plans updates, replacements and destroys', async () => {
    edit('live/dev/app/terragrunt.hcl', 'replicas   = 2', 'replicas   = 3');
    edit('live/dev/app/terragrunt.hcl', 'image_tag  = "v1"', 'image_tag  = "v2"');
    edit('live/dev/params/terragrunt.hcl', '"feature-x" = "off"\n', '');
    const results = byUnit(await runner().plan(['live/dev/app', 'live/dev/params']));
    expect(results.get('live/dev/app')).toMatchObject({
      status: 'changes',
      add: 0,
      change: 1,
      replace: 1,
      destroy: 0,
    });
    expect(results.get('live/dev/app')!.resources).toEqual([
      { address: 'terraform_data.deployment', action: 'replace' },
      { address: 'terraform_data.service', action: 'update' },
    ]);
    expect(results.get('live/dev/params')).toMatchObject({ destroy: 1, add: 0 });
    const body = renderPlanComment([...results.values()], { workflow: 'w', dir: '.' }).body;
    expect(body).toContain('> [!CAUTION]');
    expect(body).toMatch(/^-\/\+ resource "terraform_data" "deployment"/m);
    expect(body).toMatch(/^- {3}resource "terraform_data" "param"/m);
  }, 300_000);

  it('shows a broken unit with its error and still reports the others', async () => {
    mkdirSync(join(infra, 'live/dev/broken'), { recursive: true });
    writeFileSync(
      join(infra, 'live/dev/broken/terragrunt.hcl'),
      'include "root" {\n  path = find_in_parent_folders("root.hcl")\n\nterraform {\n',
    );
    const results = byUnit(await runner().plan(['live/dev/broken', 'live/dev/network']));
    expect(results.get('live/dev/broken')!.status).toBe('failed');
    expect(results.get('live/dev/broken')!.error).toMatch(/terragrunt\.hcl/);
    expect(results.get('live/dev/network')!.status).toBe('no-changes');
    rmSync(join(infra, 'live/dev/broken'), { recursive: true });
  }, 300_000);

  it('fans a module change out to every unit using it', async () => {
    await applyAll(['live/prd/network', 'live/prd/params', 'live/prd/app']);
    edit(
      'modules/labels/main.tf',
      'managed = "terragrunt"',
      'managed = "terragrunt"\n    team    = "platform"',
    );
    const detected = await detectUnits({
      repoRoot: infra,
      rootDir: infra,
      changedFiles: ['modules/labels/main.tf'],
    });
    expect(detected.units.map((u) => u.path)).toEqual(['live/dev/app', 'live/prd/app']);
    const results = byUnit(await runner().plan(detected.units.map((u) => u.path)));
    expect(results.get('live/prd/app')).toMatchObject({ status: 'changes', change: 1 });
    expect(results.get('live/prd/app')!.diff).toContain('team');
  }, 600_000);

  it('carries a dependency output change to its dependents', async () => {
    edit('live/prd/network/terragrunt.hcl', '10.0.0.0/16', '10.1.0.0/16');
    const detected = await detectUnits({
      repoRoot: infra,
      rootDir: infra,
      changedFiles: ['live/prd/network/terragrunt.hcl'],
      includeDependents: true,
    });
    expect(detected.units.map((u) => u.path)).toEqual(['live/prd/network', 'live/prd/app']);
    const results = byUnit(await runner().plan(['live/prd/network']));
    expect(results.get('live/prd/network')).toMatchObject({ status: 'changes', change: 1 });
  }, 300_000);

  it('refuses /apply when the plan changed since review, and applies the reviewed plan otherwise', async () => {
    const github = await startGitHubEmulator();
    try {
      github.state.createRepo('acme/infra', { files: { 'README.md': 'infra\n' } });
      github.state.commit('acme/infra', 'change', { 'README.md': 'change\n' }, 'change');
      const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
      const octokit = createGitHubClient({
        token: github.token,
        apiUrl: github.apiUrl,
        graphqlUrl: github.graphqlUrl,
        maxAttempts: 1,
      });
      const reviewed = await runner(join(work, 'plan-a')).plan(['live/dev/params']);
      const body = renderPlanComment(reviewed, { workflow: 'infra', dir: '.', headSha: pr.headSha }).body;
      github.state.addComment('acme/infra', pr.number, body, 'github-actions[bot]');
      const apply = (r: TerragruntRunner) => {
        const comment = github.state.addComment('acme/infra', pr.number, '/apply live/dev/params', 'acme');
        return handleApplyCommand({
          octokit,
          repo: { owner: 'acme', repo: 'infra' },
          issueNumber: pr.number,
          commentId: comment.id,
          commentBody: comment.body,
          actor: 'acme',
          planAuthor: 'github-actions[bot]',
          workflow: 'infra',
          dir: '.',
          requireApproved: false,
          requireMergeable: false,
          dependencies: new Map(),
          runner: r,
          logger: createMemoryLogger(),
        });
      };
      // Someone changes the unit after the review: the fresh plan differs.
      edit('live/dev/params/terragrunt.hcl', '"log-level" = "info"', '"log-level" = "debug"');
      const refused = await apply(runner(join(work, 'plan-b')));
      expect(refused.status).toBe('refused');
      expect(refused.reason).toContain('The plan changed since it was reviewed');
      edit('live/dev/params/terragrunt.hcl', '"log-level" = "debug"', '"log-level" = "info"');
      const applied = await apply(runner(join(work, 'plan-c')));
      expect(applied.status).toBe('applied');
      expect((await runner().plan(['live/dev/params']))[0]!.status).toBe('no-changes');
    } finally {
      await github.stop();
    }
  }, 600_000);

  it('runs the bundle on a pull request: comment created, then updated in place', async () => {
    const github = await startGitHubEmulator();
    try {
      github.state.createRepo('acme/infra', { files: { 'README.md': 'infra\n' } });
      github.state.commit('acme/infra', 'change', { 'README.md': 'change\n' }, 'change');
      const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
      github.state.setPullRequestFiles('acme/infra', pr.number, [
        {
          filename: 'live/dev/params/terragrunt.hcl',
          status: 'modified',
          additions: 1,
          deletions: 1,
          changes: 2,
        },
      ] as never);
      const event = {
        pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } },
      };
      const run = () =>
        runAction('terragrunt-plan', {
          cwd: infra,
          event,
          eventName: 'pull_request',
          inputs: { 'github-token': github.token, 'tf-path': 'tofu', parallelism: '2', labels: 'true' },
          env: {
            ...github.env(),
            ...env(),
            GITHUB_REPOSITORY: 'acme/infra',
            GITHUB_WORKFLOW: 'infra',
            GITHUB_RUN_ID: '7',
          },
          timeoutMs: 300_000,
        });
      const first = await run();
      expect(first.stdout).not.toContain('::error::');
      expect(first.exitCode).toBe(0);
      expect(first.outputs.units).toBe('["live/dev/params"]');
      expect(first.summary).toContain('`live/dev/params`');
      edit('live/dev/params/terragrunt.hcl', '"log-level" = "info"', '"log-level" = "warn"');
      const second = await run();
      expect(second.exitCode).toBe(0);
      expect(second.outputs['has-changes']).toBe('true');
      expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
      const ours = github.state.comments('acme/infra', pr.number);
      expect(ours).toHaveLength(1);
      expect(ours[0]!.body).toContain('| `live/dev/params` | 0 | 1 | 0 | 0 | 📝 changes |');
      expect(ours[0]!.body).not.toContain(SECRET);
      expect(github.state.pull('acme/infra', pr.number).labels).toContain('terragrunt:changes');
    } finally {
      await github.stop();
    }
  }, 600_000);

  it('applies the units a push to the default branch changed (apply-on-merge)', async () => {
    const github = await startGitHubEmulator();
    try {
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'earlier edits');
      const before = git('rev-parse', 'HEAD');
      edit('live/prd/params/terragrunt.hcl', '"log-level" = "info"', '"log-level" = "error"');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'prd log level');
      const after = git('rev-parse', 'HEAD');
      const run = await runAction('terragrunt-apply', {
        cwd: infra,
        eventName: 'push',
        event: { ref: 'refs/heads/main', before, after, repository: { default_branch: 'main' } },
        inputs: { 'github-token': github.token, 'apply-on-merge': 'true', 'tf-path': 'tofu' },
        env: { ...github.env(), ...env(), GITHUB_REPOSITORY: 'acme/infra', GITHUB_WORKFLOW: 'infra' },
        timeoutMs: 300_000,
      });
      expect(run.stdout).not.toContain('::error::');
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.outputs.results!)).toEqual([{ unit: 'live/prd/params', status: 'applied' }]);
      expect(run.summary).toContain('Terragrunt apply on merge succeeded');
      expect((await runner().plan(['live/prd/params']))[0]!.status).toBe('no-changes');
    } finally {
      await github.stop();
    }
  }, 600_000);

  it('scales out: detect a matrix, plan each entry in its own job, report into one comment', async () => {
    const github = await startGitHubEmulator();
    try {
      github.state.createRepo('acme/infra', { files: { 'README.md': 'infra\n' } });
      github.state.commit('acme/infra', 'change', { 'README.md': 'change\n' }, 'change');
      const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
      const event = {
        pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } },
      };
      const common = {
        cwd: infra,
        event,
        eventName: 'pull_request',
        env: {
          ...github.env(),
          ...env(),
          GITHUB_REPOSITORY: 'acme/infra',
          GITHUB_WORKFLOW: 'infra',
          GITHUB_RUN_ID: '8',
        },
        timeoutMs: 300_000,
      };
      const detect = await runAction('terragrunt-plan', {
        ...common,
        inputs: { mode: 'detect', 'changed-files': 'root.hcl', 'max-matrix-jobs': '2' },
      });
      const matrix = JSON.parse(detect.outputs.matrix!) as { include: { name: string; units: string }[] };
      expect(matrix.include).toHaveLength(2);
      const results = join(work, 'artifacts');
      for (const [i, entry] of matrix.include.entries()) {
        const job = await runAction('terragrunt-plan', {
          ...common,
          inputs: {
            mode: 'plan',
            units: JSON.stringify(entry.units),
            comment: 'false',
            'tf-path': 'tofu',
            'result-file': join(results, `terragrunt-result-${i}`, 'terragrunt-result.json'),
          },
        });
        expect(job.stdout).not.toContain('::error::');
      }
      expect(github.state.comments('acme/infra', pr.number)).toHaveLength(0);
      const report = await runAction('terragrunt-plan', {
        ...common,
        inputs: { mode: 'report', 'github-token': github.token, results },
      });
      expect(report.exitCode).toBe(0);
      expect(JSON.parse(report.outputs.units!)).toHaveLength(6);
      const comments = github.state.comments('acme/infra', pr.number);
      expect(comments).toHaveLength(1);
      for (const unit of ['live/dev/app', 'live/prd/network', 'live/prd/params'])
        expect(comments[0]!.body).toContain(`\`${unit}\``);
    } finally {
      await github.stop();
    }
  }, 600_000);
});

// The bundles as a runner runs them, against the GitHub API emulator (no Terragrunt needed on these paths).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPlanComment } from '../../../src/terragrunt/plan-render.js';
import { emptyResult, type UnitResult } from '../../../src/terragrunt/types.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';
import { REPO_ROOT, runAction } from '../../harness/run-action.js';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/terragrunt/infra');
let github: GitHubEmulator;
let work: string;

beforeEach(async () => {
  github = await startGitHubEmulator();
  github.state.createRepo('acme/infra', { files: { 'README.md': 'infra\n' } });
  github.state.commit('acme/infra', 'change', { 'README.md': 'change\n' }, 'change');
  work = mkdtempSync(join(tmpdir(), 'tg-bundle-'));
  cpSync(FIXTURE, join(work, 'infra'), { recursive: true });
});

afterEach(async () => {
  rmSync(work, { recursive: true, force: true });
  await github.stop();
});

const baseEnv = () => ({
  ...github.env(),
  GITHUB_REPOSITORY: 'acme/infra',
  GITHUB_WORKFLOW: 'infra',
  GITHUB_RUN_ID: '9',
});

describe('terragrunt-plan bundle', () => {
  it('mode detect outputs the affected units and a matrix without running Terragrunt', async () => {
    const run = await runAction('terragrunt-plan', {
      cwd: work,
      inputs: {
        mode: 'detect',
        'working-directory': 'infra',
        'changed-files': 'infra/modules/labels/main.tf',
        'max-matrix-jobs': '1',
      },
      env: { ...baseEnv(), PATH: '/usr/bin:/bin' },
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.units!)).toEqual(['live/dev/app', 'live/prd/app']);
    expect(JSON.parse(run.outputs.matrix!)).toEqual({
      include: [{ name: 'live/dev/app +1', units: 'live/dev/app live/prd/app', removed: '' }],
    });
    expect(run.summary).toContain('`live/dev/app` — module infra/modules/labels');
  });

  it('carries a removed unit from detect through its matrix job into the report', async () => {
    const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
    // live/dev/network is deleted: live/dev/app, which depends on it, is affected too.
    rmSync(join(work, 'infra/live/dev/network'), { recursive: true });
    const detect = await runAction('terragrunt-plan', {
      cwd: work,
      inputs: {
        mode: 'detect',
        'working-directory': 'infra',
        'changed-files': 'infra/live/dev/network/terragrunt.hcl',
      },
      env: { ...baseEnv(), PATH: '/usr/bin:/bin' },
    });
    expect(detect.exitCode).toBe(0);
    expect(JSON.parse(detect.outputs.removed!)).toEqual(['live/dev/network']);
    expect(JSON.parse(detect.outputs.units!)).toEqual(['live/dev/app']);
    expect(detect.outputs['has-units']).toBe('true');
    const matrix = JSON.parse(detect.outputs.matrix!) as { include: { units: string; removed: string }[] };
    expect(matrix.include).toEqual([
      { name: 'live/dev/app', units: 'live/dev/app', removed: '' },
      { name: 'removed: live/dev/network', units: '', removed: 'live/dev/network' },
    ]);
    expect(detect.summary).toContain('### Removed units');

    // The removed entry's matrix job (inputs as the reusable workflow passes them) plans the unit's destroy
    // from the base commit; this event has none, so the unit fails with what to change, and is reported.
    const entry = matrix.include[1]!;
    const plan = await runAction('terragrunt-plan', {
      cwd: work,
      inputs: {
        mode: 'plan',
        'working-directory': 'infra',
        units: JSON.stringify(entry.units),
        removed: JSON.stringify(entry.removed),
        comment: 'false',
        'result-file': join(work, 'results', 'terragrunt-result-1', 'terragrunt-result.json'),
      },
      env: { ...baseEnv(), PATH: '/usr/bin:/bin' },
    });
    expect(plan.exitCode).toBe(1);
    expect(plan.summary).toContain("No base commit to plan the removed unit's destroy from");
    expect(JSON.parse(plan.outputs.removed!)).toEqual(['live/dev/network']);
    expect(JSON.parse(plan.outputs.units!)).toEqual([]);

    const report = await runAction('terragrunt-plan', {
      cwd: work,
      event: { pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } } },
      eventName: 'pull_request',
      inputs: {
        mode: 'report',
        'working-directory': 'infra',
        'github-token': github.token,
        results: join(work, 'results'),
      },
      env: baseEnv(),
    });
    expect(report.exitCode).toBe(1);
    expect(JSON.parse(report.outputs.removed!)).toEqual(['live/dev/network']);
    const comments = github.state.comments('acme/infra', pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('### Removed units: destroy planned');
    expect(comments[0]!.body).toContain('| `live/dev/network` | – | ❌ failed |');
    expect(comments[0]!.body).toContain("No base commit to plan the removed unit's destroy from");
  });

  it('mode report merges matrix results into one comment and fails for a failed unit', async () => {
    const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
    const results: UnitResult[] = [
      {
        ...emptyResult('live/dev/app'),
        status: 'changes',
        change: 1,
        planHash: 'a'.repeat(64),
        diff: '  ~ resource "terraform_data" "x" {\n      ~ input = "a" -> "b"\n    }',
      },
      { ...emptyResult('live/prd/app'), status: 'failed', error: 'Error: state lock held by someone else' },
    ];
    // As the matrix jobs' `result-file` artifacts download: one directory per artifact, an array per file.
    for (const [i, result] of results.entries()) {
      mkdirSync(join(work, 'results', `terragrunt-result-${i}`), { recursive: true });
      writeFileSync(
        join(work, 'results', `terragrunt-result-${i}`, 'terragrunt-result.json'),
        JSON.stringify([result]),
      );
    }
    const run = await runAction('terragrunt-plan', {
      cwd: work,
      event: { pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } } },
      eventName: 'pull_request',
      inputs: {
        mode: 'report',
        'working-directory': 'infra',
        'github-token': github.token,
        results: join(work, 'results'),
      },
      env: baseEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::Terragrunt plan failed for live/prd/app');
    const comments = github.state.comments('acme/infra', pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('| `live/dev/app` | 0 | 1 | 0 | 0 | 📝 changes |');
    expect(comments[0]!.body).toContain('state lock held by someone else');
    expect(run.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    expect(JSON.parse(run.outputs.summary!)).toMatchObject({ change: 1, failed: ['live/prd/app'] });
  });

  describe('trust and secrets (mode report)', () => {
    const report = async (result: UnitResult, extraEnv: Record<string, string> = {}) => {
      const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
      mkdirSync(join(work, 'results', 'r0'), { recursive: true });
      writeFileSync(join(work, 'results', 'r0', 'result.json'), JSON.stringify([result]));
      const run = () =>
        runAction('terragrunt-plan', {
          cwd: work,
          event: {
            pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } },
          },
          eventName: 'pull_request',
          inputs: {
            mode: 'report',
            'working-directory': 'infra',
            'github-token': github.token,
            results: join(work, 'results'),
          },
          env: { ...baseEnv(), ...extraEnv },
        });
      return { pr, run };
    };
    const changed: UnitResult = {
      ...emptyResult('live/dev/app'),
      status: 'changes',
      change: 1,
      planHash: 'b'.repeat(64),
      diff: '  ~ resource "terraform_data" "x" {\n      ~ input = "postgres://app:pw-in-diff@db/app" -> "b"\n    }',
    };

    it('redacts URL passwords and secret variables from the comment and the job summary', async () => {
      const { pr, run } = await report({
        ...changed,
        diff: `${changed.diff}\nDATABASE_URL=postgres://app:hunter2-db@db.internal/app`,
      });
      const done = await run();
      expect(done.exitCode).toBe(0);
      const body = github.state.comments('acme/infra', pr.number)[0]!.body;
      for (const text of [body, done.summary, done.stdout]) {
        expect(text).not.toContain('pw-in-diff');
        expect(text).not.toContain('hunter2-db');
      }
      expect(body).toContain('postgres://app:***@db.internal/app');
    });

    it("updates only its own comment: a read-only user's comment with the marker is left alone", async () => {
      const { pr, run } = await report(changed);
      github.state.setPermission('acme/infra', 'mallory', 'read');
      const forged = renderPlanComment([changed], {
        workflow: 'infra',
        dir: 'infra',
        headSha: pr.headSha,
      }).body;
      const theirs = github.state.addComment('acme/infra', pr.number, forged, 'mallory');
      const done = await run();
      expect(done.exitCode).toBe(0);
      const comments = github.state.comments('acme/infra', pr.number);
      expect(comments).toHaveLength(2);
      expect(comments[0]).toMatchObject({ id: theirs.id, body: forged });
      expect(comments[1]!.user).toBe('github-actions[bot]');
      // GITHUB_TOKEN cannot read viewer: the identity costs no call.
      expect(github.calls.count('graphql:viewer')).toBe(0);
    });

    it('still writes the job summary and outputs when the comment fails, then fails once', async () => {
      const { run } = await report(changed);
      github.faults.inject({ operation: 'issues/create-comment', kind: '5xx', times: 4 });
      const done = await run();
      expect(done.exitCode).toBe(1);
      expect(done.stdout.split('\n').filter((l) => l.startsWith('::error::'))).toHaveLength(1);
      expect(done.stdout).toContain('::error::Could not write the plan comment on #1');
      expect(done.stdout).not.toMatch(/^\s+at /m);
      expect(done.summary).toContain('live/dev/app');
      expect(JSON.parse(done.outputs.summary!)).toMatchObject({ change: 1 });
    });
  });

  it('names the input to fix', async () => {
    const run = await runAction('terragrunt-plan', {
      cwd: work,
      inputs: { mode: 'plan', units: 'live/nope', 'working-directory': 'infra', comment: 'false' },
      env: baseEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      "::error::Input 'units' names 'live/nope', which is not a unit under 'infra'",
    );
  });
});

describe('terragrunt-plan bundle, mode drift', () => {
  it('needs a token, and one label without commas', async () => {
    const noToken = await runAction('terragrunt-plan', {
      cwd: work,
      inputs: { mode: 'drift', 'working-directory': 'infra', 'github-token': '' },
      env: baseEnv(),
    });
    expect(noToken.exitCode).toBe(1);
    expect(noToken.stdout).toContain("::error::Input 'github-token' is required by mode drift");
    const twoLabels = await runAction('terragrunt-plan', {
      cwd: work,
      inputs: {
        mode: 'drift',
        'working-directory': 'infra',
        'github-token': github.token,
        'drift-label': 'a,b',
      },
      env: baseEnv(),
    });
    expect(twoLabels.exitCode).toBe(1);
    expect(twoLabels.stdout).toContain("::error::Input 'drift-label' must be one label without commas");
    expect(github.calls.count()).toBe(0);
  });

  it('keeps the issues from result files, fails for a failed unit, and leaves its issue alone', async () => {
    const results: UnitResult[] = [
      {
        ...emptyResult('live/dev/app'),
        status: 'changes',
        change: 1,
        diff: '  ~ resource "terraform_data" "x" {\n      ~ input = "a" -> "b"\n    }',
      },
      { ...emptyResult('live/prd/app'), status: 'failed', error: 'Error: state lock held by someone else' },
    ];
    mkdirSync(join(work, 'results', 'terragrunt-result-0'), { recursive: true });
    writeFileSync(
      join(work, 'results', 'terragrunt-result-0', 'terragrunt-result.json'),
      JSON.stringify(results),
    );
    const run = await runAction('terragrunt-plan', {
      cwd: work,
      eventName: 'schedule',
      inputs: {
        mode: 'drift',
        'working-directory': 'infra',
        'github-token': github.token,
        results: join(work, 'results'),
      },
      env: { ...baseEnv(), PATH: '/usr/bin:/bin' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::Terragrunt plan failed for live/prd/app');
    expect(JSON.parse(run.outputs.drifted!)).toEqual(['live/dev/app']);
    const issues = [...github.state.repo('acme/infra').issues.values()];
    expect(issues.map((issue) => issue.title)).toEqual(['Terragrunt drift: infra/live/dev/app']);
    expect(run.summary).toContain('| `live/prd/app` | ❌ plan failed | – |');
  });
});

describe('terragrunt-apply bundle', () => {
  it('refuses /apply from a read-only user and reacts 👀 then 😕', async () => {
    const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
    github.state.setPermission('acme/infra', 'reader', 'read');
    github.state.addComment(
      'acme/infra',
      pr.number,
      renderPlanComment([{ ...emptyResult('live/dev/app'), planHash: 'x' }], {
        workflow: 'infra',
        dir: 'infra',
        headSha: pr.headSha,
      }).body,
      'github-actions[bot]',
    );
    const command = github.state.addComment('acme/infra', pr.number, '/apply', 'reader');
    execFileSync('git', ['init', '-q'], { cwd: work });
    const run = await runAction('terragrunt-apply', {
      cwd: work,
      eventName: 'issue_comment',
      event: {
        issue: { number: pr.number, pull_request: {} },
        comment: { id: command.id, body: '/apply', user: { login: 'reader' } },
      },
      inputs: { 'github-token': github.token, 'working-directory': 'infra' },
      env: baseEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::Apply refused: @reader has `read` permission');
    expect(run.outputs.status).toBe('refused');
    const comments = github.state.comments('acme/infra', pr.number);
    expect(comments.find((c) => c.id === command.id)!.reactions.map((r) => r.content)).toEqual([
      'eyes',
      'confused',
    ]);
    expect(comments.at(-1)!.body).toContain('😕 Apply refused');
  });

  it('ignores comments that are not commands', async () => {
    const pr = github.state.createPullRequest('acme/infra', { head: 'change' });
    const run = await runAction('terragrunt-apply', {
      cwd: work,
      eventName: 'issue_comment',
      event: {
        issue: { number: pr.number, pull_request: {} },
        comment: { id: 1, body: 'nice', user: { login: 'x' } },
      },
      inputs: { 'github-token': github.token },
      env: baseEnv(),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('ignored');
    expect(github.calls.count()).toBe(0);
  });
});

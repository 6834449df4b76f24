// The plan comment and /apply against the GitHub API emulator (real Octokit, schema-checked requests).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleApplyCommand, type ApplyRunner } from '../../../src/terragrunt/apply.js';
import { changedFilesFromApi, changedFilesFromGit } from '../../../src/terragrunt/changes.js';
import { spawnExec } from '../../../src/lib/exec.js';
import { upsertPlanComment } from '../../../src/terragrunt/comment.js';
import { renderPlanComment } from '../../../src/terragrunt/plan-render.js';
import { emptyResult, type UnitResult } from '../../../src/terragrunt/types.js';
import { createGitHubClient, type GitHubClient } from '../../../src/lib/github-client.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';

const REPO = 'acme/infra';
const repo = { owner: 'acme', repo: 'infra' };
let github: GitHubEmulator;
let octokit: GitHubClient;
let pr: number;
let headSha: string;

function changes(unit: string, planHash: string): UnitResult {
  return {
    ...emptyResult(unit),
    status: 'changes',
    add: 1,
    planHash,
    diff: `  + resource "terraform_data" "x" {}`,
  };
}

function planBody(results: UnitResult[], head = headSha): string {
  return renderPlanComment(results, { workflow: 'infra', dir: 'infra', headSha: head, applyHint: true }).body;
}

beforeEach(async () => {
  github = await startGitHubEmulator();
  github.state.createRepo(REPO, { files: { 'infra/live/a/terragrunt.hcl': '' } });
  github.state.commit(REPO, 'change', { 'infra/live/a/terragrunt.hcl': '# changed\n' }, 'change a');
  pr = github.state.createPullRequest(REPO, { head: 'change' }).number;
  headSha = github.state.pull(REPO, pr).headSha;
  octokit = createGitHubClient({
    token: github.token,
    apiUrl: github.apiUrl,
    graphqlUrl: github.graphqlUrl,
    maxAttempts: 1,
  });
});

afterEach(async () => {
  await github.stop();
});

describe('sticky plan comment', () => {
  it('is created once, then updated in place, in two API calls each', async () => {
    const logger = createMemoryLogger();
    github.state.addComment(REPO, pr, 'LGTM', 'octocat');
    const first = await upsertPlanComment({
      octokit,
      repo,
      issueNumber: pr,
      workflow: 'infra',
      dir: 'infra',
      body: planBody([changes('live/a', 'h1')]),
      author: 'github-actions[bot]',
      logger,
    });
    expect(first.created).toBe(true);
    expect(github.calls.count()).toBe(2);
    github.calls.reset();
    const second = await upsertPlanComment({
      octokit,
      repo,
      issueNumber: pr,
      workflow: 'infra',
      dir: 'infra',
      body: planBody([changes('live/a', 'h2')]),
      author: 'github-actions[bot]',
      logger,
    });
    expect(second).toMatchObject({ created: false, id: first.id, minimised: 0 });
    expect(github.calls.count()).toBe(2);
    expect(github.calls.count('issues/update-comment')).toBe(1);
    const ours = github.state
      .comments(REPO, pr)
      .filter((c) => c.body.includes('platform-actions:terragrunt-plan'));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('"live/a":"h2"');
  });

  it('keeps one comment per workflow and root, and minimises older duplicates of ours', async () => {
    const logger = createMemoryLogger();
    const old = github.state.addComment(
      REPO,
      pr,
      planBody([changes('live/a', 'h0')], 'f'.repeat(40)),
      'github-actions[bot]',
    );
    const dup = github.state.addComment(REPO, pr, planBody([changes('live/a', 'h1')]), 'github-actions[bot]');
    const other = renderPlanComment([], { workflow: 'infra', dir: 'other' }).body;
    github.state.addComment(REPO, pr, other, 'github-actions[bot]');
    const result = await upsertPlanComment({
      octokit,
      repo,
      issueNumber: pr,
      workflow: 'infra',
      dir: 'infra',
      body: planBody([changes('live/a', 'h2')]),
      author: 'github-actions[bot]',
      logger,
    });
    expect(result).toMatchObject({ created: false, id: dup.id, minimised: 1 });
    expect(github.state.comments(REPO, pr).find((c) => c.id === old.id)!.minimized).not.toBeNull();
    expect(github.state.comments(REPO, pr).find((c) => c.body === other)).toBeDefined();
  });
});

describe('trust: only our own plan comments', () => {
  it("never updates a read-only user's comment that carries the plan marker", async () => {
    github.state.setPermission(REPO, 'mallory', 'read');
    const forged = github.state.addComment(REPO, pr, planBody([changes('live/a', 'forged')]), 'mallory');
    const result = await upsertPlanComment({
      octokit,
      repo,
      issueNumber: pr,
      workflow: 'infra',
      dir: 'infra',
      body: planBody([changes('live/a', 'h1')]),
      author: 'github-actions[bot]',
      logger: createMemoryLogger(),
    });
    expect(result.created).toBe(true);
    expect(result.id).not.toBe(forged.id);
    expect(github.state.comments(REPO, pr).find((c) => c.id === forged.id)!.body).toContain('forged');
    expect(github.state.comments(REPO, pr).find((c) => c.id === result.id)!.user).toBe('github-actions[bot]');
  });
});

describe('/apply', () => {
  function runner(hashes: Record<string, string>) {
    const applied: string[] = [];
    const r: ApplyRunner & { applied: string[]; planned: string[] } = {
      applied,
      planned: [],
      async planUnit(unit) {
        r.planned.push(unit);
        return changes(unit, hashes[unit] ?? 'none');
      },
      async showPlan(unit) {
        return changes(unit, hashes[unit] ?? 'none');
      },
      async applyUnit(unit) {
        applied.push(unit);
        return {
          exitCode: 0,
          stdout: `Apply complete! Resources: 1 added, 0 changed, 0 destroyed.`,
          stderr: '',
        };
      },
    };
    return r;
  }

  function command(
    body: string,
    actor: string,
    r: ApplyRunner,
    extra: Partial<Parameters<typeof handleApplyCommand>[0]> = {},
  ) {
    const comment = github.state.addComment(REPO, pr, body, actor);
    return {
      comment,
      run: () =>
        handleApplyCommand({
          octokit,
          repo,
          issueNumber: pr,
          commentId: comment.id,
          commentBody: body,
          actor,
          planAuthor: 'github-actions[bot]',
          workflow: 'infra',
          dir: 'infra',
          requireApproved: false,
          requireMergeable: false,
          checkedOutSha: headSha,
          dependencies: new Map([['live/b', ['live/a']]]),
          runner: r,
          logger: createMemoryLogger(),
          ...extra,
        }),
    };
  }

  const reactions = (id: number) =>
    github.state
      .comments(REPO, pr)
      .find((c) => c.id === id)!
      .reactions.map((r) => r.content);

  it('refuses a user with read permission, without planning anything', async () => {
    github.state.setPermission(REPO, 'reader', 'read');
    github.state.addComment(REPO, pr, planBody([changes('live/a', 'h1')]), 'github-actions[bot]');
    const r = runner({ 'live/a': 'h1' });
    const { comment, run } = command('/apply', 'reader', r);
    const outcome = await run();
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('@reader has `read` permission');
    expect(r.planned).toEqual([]);
    expect(reactions(comment.id)).toEqual(['eyes', 'confused']);
    expect(github.state.comments(REPO, pr).at(-1)!.body).toContain('Apply refused');
  });

  it('leaves reporting a refusal to the caller: nothing is logged as an error here', async () => {
    github.state.setPermission(REPO, 'reader', 'read');
    const logger = createMemoryLogger();
    const outcome = await command('/apply', 'reader', runner({}), { logger }).run();
    expect(outcome.status).toBe('refused');
    expect(logger.lines.filter((line) => /error/i.test(line))).toEqual([]);
  });

  it('refuses when the fresh plan differs from the reviewed one, applying nothing', async () => {
    github.state.setPermission(REPO, 'dev', 'write');
    github.state.addComment(
      REPO,
      pr,
      planBody([changes('live/a', 'h1'), changes('live/b', 'h2')]),
      'github-actions[bot]',
    );
    const r = runner({ 'live/a': 'h1', 'live/b': 'drifted' });
    const outcome = await command('/apply', 'dev', r).run();
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('The plan changed since it was reviewed for `live/b`');
    expect(r.applied).toEqual([]);
  });

  it('applies the reviewed plan in dependency order and reacts with a rocket', async () => {
    github.state.setPermission(REPO, 'dev', 'maintain');
    github.state.addComment(
      REPO,
      pr,
      planBody([changes('live/b', 'h2'), changes('live/a', 'h1')]),
      'github-actions[bot]',
    );
    const r = runner({ 'live/a': 'h1', 'live/b': 'h2' });
    const { comment, run } = command('/apply', 'dev', r);
    const outcome = await run();
    expect(outcome.status).toBe('applied');
    expect(r.applied).toEqual(['live/a', 'live/b']);
    expect(reactions(comment.id)).toEqual(['eyes', 'rocket']);
    expect(github.state.comments(REPO, pr).at(-1)!.body).toContain('🚀 Apply succeeded');
  });

  it('finds the plan comment of any workflow for the root when plan-workflow is not set', async () => {
    const other = renderPlanComment([changes('live/a', 'h1')], {
      workflow: 'pr checks',
      dir: 'infra',
      headSha,
    }).body;
    github.state.addComment(REPO, pr, other, 'github-actions[bot]');
    const r = runner({ 'live/a': 'h1' });
    expect((await command('/apply', 'acme', r).run()).reason).toContain('There is no plan comment');
    expect((await command('/apply', 'acme', r, { workflow: undefined }).run()).status).toBe('applied');
  });

  it('skips a unit applied on its own earlier (no changes left) when applying the rest', async () => {
    github.state.addComment(
      REPO,
      pr,
      planBody([changes('live/a', 'h1'), changes('live/b', 'h2')]),
      'github-actions[bot]',
    );
    const r = runner({ 'live/b': 'h2' });
    r.planUnit = async (unit) => (unit === 'live/a' ? emptyResult(unit) : changes(unit, 'h2'));
    const outcome = await command('/apply', 'acme', r).run();
    expect(outcome.status).toBe('applied');
    expect(outcome.units.map((u) => [u.unit, u.status])).toEqual([
      ['live/a', 'no-changes'],
      ['live/b', 'applied'],
    ]);
    expect(r.applied).toEqual(['live/b']);
  });

  it('applies only the named unit', async () => {
    github.state.addComment(
      REPO,
      pr,
      planBody([changes('live/a', 'h1'), changes('live/b', 'h2')]),
      'github-actions[bot]',
    );
    const r = runner({ 'live/a': 'h1', 'live/b': 'h2' });
    const outcome = await command('/apply live/a', 'acme', r).run();
    expect(outcome.status).toBe('applied');
    expect(r.planned).toEqual(['live/a']);
    expect(r.applied).toEqual(['live/a']);
  });

  it('refuses units that were not planned, plans of an older head, and missing approvals', async () => {
    github.state.addComment(REPO, pr, planBody([changes('live/a', 'h1')]), 'github-actions[bot]');
    const r = runner({ 'live/a': 'h1' });
    expect((await command('/apply live/zzz', 'acme', r).run()).reason).toContain(
      'Not in the reviewed plan: `live/zzz`',
    );
    expect((await command('/apply', 'acme', r, { requireApproved: true }).run()).reason).toContain(
      'no approval',
    );
    github.state.setPermission(REPO, 'lead', 'write');
    github.state.addReview(REPO, pr, { user: 'lead', state: 'APPROVED' });
    expect((await command('/apply', 'acme', r, { requireApproved: true }).run()).status).toBe('applied');
    github.state.commit(REPO, 'change', { 'infra/live/a/terragrunt.hcl': '# again\n' }, 'again');
    github.state.pull(REPO, pr).headSha = github.state.getBranchSha(REPO, 'change')!;
    const stale = await command('/apply', 'acme', r, { checkedOutSha: undefined }).run();
    expect(stale.reason).toContain('The plan comment is for');
  });

  it('refuses an unmergeable pull request when require-mergeable is on', async () => {
    github.state.addComment(REPO, pr, planBody([changes('live/a', 'h1')]), 'github-actions[bot]');
    github.state.setMergeable(REPO, pr, false);
    const outcome = await command('/apply', 'acme', runner({ 'live/a': 'h1' }), {
      requireMergeable: true,
    }).run();
    expect(outcome.reason).toContain('not mergeable');
  });

  it('stops after a failed unit, skips its dependents and reacts 😕', async () => {
    github.state.addComment(
      REPO,
      pr,
      planBody([changes('live/a', 'h1'), changes('live/b', 'h2')]),
      'github-actions[bot]',
    );
    const r = runner({ 'live/a': 'h1', 'live/b': 'h2' });
    r.applyUnit = async (unit) => {
      r.applied.push(unit);
      return { exitCode: 1, stdout: '', stderr: 'Error: Error acquiring the state lock\nLock Info: ID 1234' };
    };
    const { comment, run } = command('/apply', 'acme', r);
    const outcome = await run();
    expect(outcome.status).toBe('failed');
    expect(outcome.units).toEqual([
      {
        unit: 'live/a',
        status: 'failed',
        output: 'Error: Error acquiring the state lock\nLock Info: ID 1234',
      },
      { unit: 'live/b', status: 'skipped', output: '' },
    ]);
    expect(r.applied).toEqual(['live/a']);
    expect(reactions(comment.id)).toEqual(['eyes', 'confused']);
    expect(github.state.comments(REPO, pr).at(-1)!.body).toContain('Error acquiring the state lock');
  });

  it('ignores a forged plan comment (head SHA and plan hashes) written by anyone but the plan author', async () => {
    github.state.setPermission(REPO, 'mallory', 'read');
    github.state.addComment(REPO, pr, planBody([changes('live/a', 'evil')]), 'mallory');
    const r = runner({ 'live/a': 'evil' });
    const outcome = await command('/apply', 'acme', r).run();
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('There is no plan comment by @github-actions[bot]');
    expect(r.planned).toEqual([]);
    // Our own comment, written before the forged one, is the reviewed plan.
    github.state.addComment(REPO, pr, planBody([changes('live/a', 'h1')]), 'github-actions[bot]');
    github.state.addComment(REPO, pr, planBody([changes('live/a', 'evil')]), 'mallory');
    const ok = await command('/apply', 'acme', runner({ 'live/a': 'h1' })).run();
    expect(ok.status).toBe('applied');
  });

  describe('require-approval counts only writers approving the head commit', () => {
    const approve = { requireApproved: true };
    beforeEach(() => {
      github.state.addComment(REPO, pr, planBody([changes('live/a', 'h1')]), 'github-actions[bot]');
      github.state.setPermission(REPO, 'reader', 'read');
      github.state.setPermission(REPO, 'lead', 'write');
      github.state.setPermission(REPO, 'dev', 'write');
    });
    const run = () => command('/apply', 'dev', runner({ 'live/a': 'h1' }), approve).run();

    it('does not count an approval from a read-only user', async () => {
      github.state.addReview(REPO, pr, { user: 'reader', state: 'APPROVED' });
      expect((await run()).reason).toContain('no approval of its latest commit');
    });

    it("does not count the author's own approval", async () => {
      github.state.pull(REPO, pr).user = 'dev';
      github.state.addReview(REPO, pr, { user: 'dev', state: 'APPROVED' });
      expect((await run()).reason).toContain("the author's own does not count");
    });

    it('does not count an approval of an older commit', async () => {
      github.state.addReview(REPO, pr, { user: 'lead', state: 'APPROVED', commitId: 'f'.repeat(40) });
      expect((await run()).reason).toContain('no approval of its latest commit');
    });

    it('takes the latest review of each reviewer: a later dismissal or change request replaces an approval', async () => {
      github.state.addReview(REPO, pr, { user: 'lead', state: 'APPROVED' });
      github.state.addReview(REPO, pr, { user: 'lead', state: 'DISMISSED' });
      expect((await run()).reason).toContain('no approval of its latest commit');
      github.state.addReview(REPO, pr, { user: 'lead', state: 'APPROVED' });
      github.state.addReview(REPO, pr, { user: 'lead', state: 'COMMENTED' });
      expect((await run()).status).toBe('applied');
      github.state.addReview(REPO, pr, { user: 'lead', state: 'CHANGES_REQUESTED' });
      expect((await run()).reason).toContain('@lead requested changes');
    });

    it("counts a writer's approval of the head, with one permission call per reviewer", async () => {
      github.state.addReview(REPO, pr, { user: 'reader', state: 'APPROVED' });
      github.state.addReview(REPO, pr, { user: 'lead', state: 'APPROVED' });
      github.calls.reset();
      expect((await run()).status).toBe('applied');
      // The actor's permission, then one per reviewer whose approval could count.
      expect(github.calls.count('repos/get-collaborator-permission-level')).toBe(3);
    });
  });

  it('ignores comments that are not commands', async () => {
    const outcome = await command('looks good to me', 'acme', runner({})).run();
    expect(outcome.status).toBe('ignored');
  });
});

describe('changed files', () => {
  const file = (filename: string, previous?: string) => ({
    filename,
    status: previous ? ('renamed' as const) : ('modified' as const),
    additions: 1,
    deletions: 1,
    changes: 2,
    sha: 'a'.repeat(40),
    ...(previous ? { previous_filename: previous } : {}),
  });

  it("lists a pull request's files across pages, with both names of a rename", async () => {
    const files = Array.from({ length: 250 }, (_, i) => file(`live/u${i}/terragrunt.hcl`));
    files.push(file('live/new/terragrunt.hcl', 'live/old/terragrunt.hcl'));
    github.state.setPullRequestFiles(REPO, pr, files);
    const listed = await changedFilesFromApi(octokit, repo, pr);
    expect(listed).toHaveLength(252);
    expect(listed).toContain('live/old/terragrunt.hcl');
    expect(github.calls.count('pulls/list-files')).toBe(3);
  });

  it("gives up at GitHub's 3,000-file cap so the caller reads git instead", async () => {
    github.state.setPullRequestFiles(
      REPO,
      pr,
      Array.from({ length: 3000 }, (_, i) => file(`f${i}`)),
    );
    expect(await changedFilesFromApi(octokit, repo, pr)).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'tg-git-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
          cwd: dir,
          encoding: 'utf8',
        }).trim();
      git('init', '-q', '-b', 'main');
      writeFileSync(join(dir, 'a.hcl'), 'a');
      git('add', '.');
      git('commit', '-qm', 'a');
      const base = git('rev-parse', 'HEAD');
      writeFileSync(join(dir, 'b.hcl'), 'b');
      git('add', '.');
      git('commit', '-qm', 'b');
      git('mv', 'a.hcl', 'c.hcl');
      git('commit', '-qm', 'mv');
      const env = { PATH: process.env.PATH ?? '' };
      expect((await changedFilesFromGit(spawnExec, dir, base, 'HEAD', env)).sort()).toEqual([
        'a.hcl',
        'b.hcl',
        'c.hcl',
      ]);
      await expect(changedFilesFromGit(spawnExec, dir, 'f'.repeat(40), 'HEAD', env)).rejects.toThrow(
        'fetch-depth: 0',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The plan comment and /apply against the GitHub API emulator (real Octokit, schema-checked requests).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { handleApplyCommand, type ApplyRunner } from '../../../src/terragrunt/apply.js';
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
      logger,
    });
    expect(result).toMatchObject({ created: false, id: dup.id, minimised: 1 });
    expect(github.state.comments(REPO, pr).find((c) => c.id === old.id)!.minimized).not.toBeNull();
    expect(github.state.comments(REPO, pr).find((c) => c.body === other)).toBeDefined();
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
    github.state.addReview(REPO, pr, { user: 'lead', state: 'APPROVED' });
    expect((await command('/apply', 'acme', r, { requireApproved: true }).run()).status).toBe('applied');
    github.state.commit(REPO, 'change', { 'infra/live/a/terragrunt.hcl': '# again\n' }, 'again');
    github.state.pull(REPO, pr).headSha = github.state.getBranchSha(REPO, 'change')!;
    const stale = await command('/apply', 'acme', r, { checkedOutSha: undefined }).run();
    expect(stale.reason).toContain('The plan comment is for');
  });

  it('ignores comments that are not commands', async () => {
    const outcome = await command('looks good to me', 'acme', runner({})).run();
    expect(outcome.status).toBe('ignored');
  });
});

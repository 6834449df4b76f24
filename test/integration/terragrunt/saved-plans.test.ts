// /apply with the reviewed plan files: downloaded from the plan run's artifact through the GitHub API
// emulator (list, 302 to the blob store), checked against the comment's hashes, applied; a fresh plan when
// the artifact has expired; removed units only with --allow-destroy. Terragrunt is a fake here (the real
// one is in apply-saved.test.ts); it reads the plan file it is given, so the test sees which file it got.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleApplyCommand, type ApplyRunner } from '../../../src/terragrunt/apply.js';
import { downloadSavedPlans, planFileName } from '../../../src/terragrunt/plan-files.js';
import { renderPlanComment } from '../../../src/terragrunt/plan-render.js';
import { emptyResult, type UnitResult } from '../../../src/terragrunt/types.js';
import { createGitHubClient, type GitHubClient } from '../../../src/lib/github-client.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { startGitHubEmulator, zipFiles, type GitHubEmulator } from '../../harness/github/index.js';

const REPO = 'acme/infra';
const repo = { owner: 'acme', repo: 'infra' };
const RUN = 4711;
const BASE = 'b'.repeat(40);
let github: GitHubEmulator;
let octokit: GitHubClient;
let pr: number;
let headSha: string;
let work: string;

const changes = (unit: string, planHash: string, extra: Partial<UnitResult> = {}): UnitResult => ({
  ...emptyResult(unit),
  status: 'changes',
  add: 1,
  planHash,
  diff: '  + resource "terraform_data" "x" {}',
  ...extra,
});

/** The plan comment of run RUN: live/a and live/b planned, live/old removed (a destroy from BASE). */
function postPlan(results: UnitResult[]) {
  const body = renderPlanComment(results, {
    workflow: 'infra',
    dir: 'infra',
    headSha,
    runId: RUN,
    baseSha: BASE,
    artifactName: 'terragrunt-plans',
    applyHint: true,
    removed: results.filter((r) => r.removed).map((r) => r.unit),
  }).body;
  github.state.addComment(REPO, pr, body, 'github-actions[bot]');
}

/** Uploads the plan files of `plans` (unit → hash) as the run's artifact, as the plan workflow does. */
function uploadPlans(plans: Record<string, string>, name = 'terragrunt-plans') {
  const files: Record<string, string> = { 'live_a.result.json': '{}' };
  for (const [unit, hash] of Object.entries(plans))
    files[`plans/${planFileName(unit, headSha, hash)}`] = `PLAN ${unit} ${hash}`;
  return github.state.artifacts.upload(REPO, RUN, name, zipFiles(files), { headSha });
}

interface FakeRunner extends ApplyRunner {
  planned: string[];
  shown: string[];
  applied: { unit: string; plan: string }[];
}

/** Reads the hash from the plan file it is given; a fresh plan has the hash in `fresh`. */
function fakeRunner(fresh: Record<string, string> = {}, applyOutput?: (unit: string) => string): FakeRunner {
  const r: FakeRunner = {
    planned: [],
    shown: [],
    applied: [],
    async planUnit(unit) {
      r.planned.push(unit);
      return fresh[unit] === 'none' ? emptyResult(unit) : changes(unit, fresh[unit] ?? 'fresh');
    },
    async showPlan(unit, file) {
      r.shown.push(unit);
      const [, , hash] = readFileSync(file, 'utf8').split(' ');
      return changes(unit, hash!);
    },
    async applyUnit(unit, file) {
      r.applied.push({ unit, plan: file ? readFileSync(file, 'utf8') : 'fresh' });
      const stale = applyOutput?.(unit);
      return stale
        ? { exitCode: 1, stdout: '', stderr: stale }
        : { exitCode: 0, stdout: 'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.', stderr: '' };
    },
  };
  return r;
}

function apply(body: string, head: ApplyRunner, base: ApplyRunner = fakeRunner()) {
  const comment = github.state.addComment(REPO, pr, body, 'acme');
  const bases: string[] = [];
  const logger = createMemoryLogger();
  return {
    bases,
    logger,
    run: () =>
      handleApplyCommand({
        octokit,
        repo,
        issueNumber: pr,
        commentId: comment.id,
        commentBody: body,
        actor: 'acme',
        planAuthor: 'github-actions[bot]',
        workflow: 'infra',
        dir: 'infra',
        requireApproved: false,
        requireMergeable: false,
        checkedOutSha: headSha,
        dependencies: new Map([['live/b', ['live/a']]]),
        runner: head,
        baseRunner: async (sha) => {
          bases.push(sha);
          return base;
        },
        savedPlans: (request) => downloadSavedPlans(octokit, repo, request, join(work, 'saved'), logger),
        logger,
      }),
  };
}

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'tg-saved-'));
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
  rmSync(work, { recursive: true, force: true });
});

const lastComment = () => github.state.comments(REPO, pr).at(-1)!.body;

describe('/apply with the saved plan files of the plan run', () => {
  it('applies the downloaded files, in dependency order, without planning again', async () => {
    postPlan([changes('live/b', 'h2'), changes('live/a', 'h1')]);
    uploadPlans({ 'live/a': 'h1', 'live/b': 'h2' });
    const r = fakeRunner();
    github.calls.reset();
    const outcome = await apply('/apply', r).run();
    expect(outcome.status).toBe('applied');
    expect(r.planned).toEqual([]);
    expect(r.applied).toEqual([
      { unit: 'live/a', plan: 'PLAN live/a h1' },
      { unit: 'live/b', plan: 'PLAN live/b h2' },
    ]);
    expect(lastComment()).toContain(`from the saved plan files of run ${RUN}`);
    // One list, one download (302), one blob read.
    expect(github.calls.count('actions/list-workflow-run-artifacts')).toBe(1);
    expect(github.calls.count('actions/download-artifact')).toBe(1);
    expect(github.calls.count('blob')).toBe(1);
  });

  it('finds the files across the artifacts of matrix jobs (<name>-<n>)', async () => {
    postPlan([changes('live/a', 'h1'), changes('live/b', 'h2')]);
    uploadPlans({ 'live/a': 'h1' }, 'terragrunt-plans-0');
    uploadPlans({ 'live/b': 'h2' }, 'terragrunt-plans-1');
    github.state.artifacts.upload(REPO, RUN, 'unrelated', zipFiles({ x: 'x' }));
    const r = fakeRunner();
    expect((await apply('/apply', r).run()).status).toBe('applied');
    expect(r.applied.map((a) => a.plan)).toEqual(['PLAN live/a h1', 'PLAN live/b h2']);
    expect(github.calls.count('actions/download-artifact')).toBe(2);
  });

  it('refuses a saved plan whose hash is not the reviewed one, applying nothing', async () => {
    postPlan([changes('live/a', 'h1')]);
    // The artifact's file is keyed for h1 but holds another plan.
    github.state.artifacts.upload(
      REPO,
      RUN,
      'terragrunt-plans',
      zipFiles({ [`plans/${planFileName('live/a', headSha, 'h1')}`]: 'PLAN live/a evil' }),
    );
    const r = fakeRunner();
    const outcome = await apply('/apply', r).run();
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('is not the reviewed plan');
    expect(r.applied).toEqual([]);
  });

  it('ignores plan files of another head commit', async () => {
    postPlan([changes('live/a', 'h1')]);
    github.state.artifacts.upload(
      REPO,
      RUN,
      'terragrunt-plans',
      zipFiles({ [`plans/${planFileName('live/a', 'f'.repeat(40), 'h1')}`]: 'PLAN live/a h1' }),
    );
    const r = fakeRunner({ 'live/a': 'h1' });
    const outcome = await apply('/apply', r).run();
    expect(outcome.status).toBe('applied');
    expect(r.planned).toEqual(['live/a']);
    expect(r.applied).toEqual([{ unit: 'live/a', plan: 'fresh' }]);
    expect(lastComment()).toContain('holds none of the reviewed plan files');
  });

  it('fails a stale saved plan with "re-plan" and applies nothing else for it', async () => {
    postPlan([changes('live/a', 'h1'), changes('live/b', 'h2')]);
    uploadPlans({ 'live/a': 'h1', 'live/b': 'h2' });
    const stale =
      'Error: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.';
    const r = fakeRunner({ 'live/a': 'other' }, (unit) => (unit === 'live/a' ? stale : ''));
    const outcome = await apply('/apply', r).run();
    expect(outcome.status).toBe('failed');
    expect(outcome.units.map((u) => [u.unit, u.status])).toEqual([
      ['live/a', 'failed'],
      ['live/b', 'skipped'],
    ]);
    expect(outcome.units[0]!.output).toContain('Re-plan');
    // Only the saved file was applied; the fresh plan only classified the failure.
    expect(r.applied).toEqual([{ unit: 'live/a', plan: 'PLAN live/a h1' }]);
    expect(lastComment()).toContain('A saved plan was stale: re-plan');
  });

  it('counts a stale plan as applied when nothing is left to change (/apply <unit> ran first)', async () => {
    postPlan([changes('live/a', 'h1')]);
    uploadPlans({ 'live/a': 'h1' });
    const r = fakeRunner({ 'live/a': 'none' }, () => 'Error: Saved plan is stale');
    const outcome = await apply('/apply', r).run();
    expect(outcome.status).toBe('applied');
    expect(outcome.units).toEqual([{ unit: 'live/a', status: 'no-changes', output: 'Already applied.' }]);
  });

  it('plans again and compares when the artifact has expired, and says so', async () => {
    postPlan([changes('live/a', 'h1')]);
    const artifact = uploadPlans({ 'live/a': 'h1' });
    github.state.artifacts.expire(artifact.id);
    const r = fakeRunner({ 'live/a': 'h1' });
    const { run, logger } = apply('/apply', r);
    const outcome = await run();
    expect(outcome.status).toBe('applied');
    expect(r.applied).toEqual([{ unit: 'live/a', plan: 'fresh' }]);
    expect(lastComment()).toContain(`the \`terragrunt-plans\` artifact of run ${RUN} has expired`);
    expect(lastComment()).toContain('fresh plans matching the reviewed ones');
    expect(logger.lines.join('\n')).toContain('planned again and compared with the reviewed plan');
    expect(github.calls.count('actions/download-artifact')).toBe(0);
  });

  it('plans again when the artifact is missing, and still refuses a changed plan', async () => {
    postPlan([changes('live/a', 'h1')]);
    const r = fakeRunner({ 'live/a': 'drifted' });
    const outcome = await apply('/apply', r).run();
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('The plan changed since it was reviewed');
    expect(lastComment()).toContain('Apply refused');
    expect(r.applied).toEqual([]);
  });

  it('treats a 410 on download (expired between list and download) as expired', async () => {
    postPlan([changes('live/a', 'h1')]);
    uploadPlans({ 'live/a': 'h1' });
    github.faults.inject({
      operation: 'actions/download-artifact',
      kind: { status: 410, message: 'Artifact has expired' },
    });
    const r = fakeRunner({ 'live/a': 'h1' });
    expect((await apply('/apply', r).run()).status).toBe('applied');
    expect(r.applied).toEqual([{ unit: 'live/a', plan: 'fresh' }]);
    expect(lastComment()).toContain('has expired');
  });

  it('falls back, naming actions: read, when the token may not read artifacts', async () => {
    postPlan([changes('live/a', 'h1')]);
    uploadPlans({ 'live/a': 'h1' });
    github.faults.inject({
      operation: 'actions/list-workflow-run-artifacts',
      kind: { status: 403, message: 'Resource not accessible by integration' },
    });
    const r = fakeRunner({ 'live/a': 'h1' });
    expect((await apply('/apply', r).run()).status).toBe('applied');
    expect(lastComment()).toContain('`actions: read`');
  });
});

describe('/apply of removed units', () => {
  const removedPlan = () => [
    changes('live/a', 'h1'),
    changes('live/old', 'd1', { removed: true, add: 0, destroy: 2 }),
  ];

  it('never destroys a removed unit without --allow-destroy', async () => {
    postPlan(removedPlan());
    uploadPlans({ 'live/a': 'h1', 'live/old': 'd1' });
    const base = fakeRunner();
    const named = await apply('/apply live/old', fakeRunner(), base).run();
    expect(named.status).toBe('refused');
    expect(named.reason).toContain('`/apply --allow-destroy live/old`');
    const bare = await apply('/apply --allow-destroy', fakeRunner(), base).run();
    expect(bare.reason).toContain('destroys only the removed units it names');
    expect(base.applied).toEqual([]);
  });

  it('applies the planned units on /apply and leaves the removed one, saying how to destroy it', async () => {
    postPlan(removedPlan());
    uploadPlans({ 'live/a': 'h1', 'live/old': 'd1' });
    const head = fakeRunner();
    const base = fakeRunner();
    const outcome = await apply('/apply', head, base).run();
    expect(outcome.status).toBe('applied');
    expect(head.applied.map((a) => a.unit)).toEqual(['live/a']);
    expect(base.applied).toEqual([]);
    expect(lastComment()).toContain('Removed units not destroyed: `live/old`');
  });

  it('destroys a named removed unit from its saved destroy plan in a worktree of the base', async () => {
    postPlan(removedPlan());
    uploadPlans({ 'live/a': 'h1', 'live/old': 'd1' });
    const head = fakeRunner();
    const base = fakeRunner();
    const { run, bases } = apply('/apply --allow-destroy live/old', head, base);
    const outcome = await run();
    expect(outcome.status).toBe('applied');
    expect(bases[0]).toBe(BASE);
    expect(base.applied).toEqual([{ unit: 'live/old', plan: 'PLAN live/old d1' }]);
    expect(head.applied).toEqual([]);
  });

  it('refuses a removed unit from a read-only user even with --allow-destroy', async () => {
    postPlan(removedPlan());
    github.state.setPermission(REPO, 'reader', 'read');
    const comment = github.state.addComment(REPO, pr, '/apply --allow-destroy live/old', 'reader');
    const base = fakeRunner();
    const outcome = await handleApplyCommand({
      octokit,
      repo,
      issueNumber: pr,
      commentId: comment.id,
      commentBody: comment.body,
      actor: 'reader',
      planAuthor: 'github-actions[bot]',
      dir: 'infra',
      requireApproved: false,
      requireMergeable: false,
      dependencies: new Map(),
      runner: fakeRunner(),
      baseRunner: async () => base,
      logger: createMemoryLogger(),
    });
    expect(outcome.reason).toContain('@reader has `read` permission');
    expect(base.applied).toEqual([]);
  });
});

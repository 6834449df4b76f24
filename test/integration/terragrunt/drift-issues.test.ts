// The drift issues against the GitHub API emulator (real Octokit, schema-checked requests): one issue per
// drifted unit, created, updated, left alone when unchanged, closed when the drift is gone; trust and call counts.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { keepDriftIssues, parseDriftMarker, renderDriftIssue } from '../../../src/terragrunt/drift.js';
import { emptyResult, type UnitResult } from '../../../src/terragrunt/types.js';
import { createGitHubClient, type GitHubClient } from '../../../src/lib/github-client.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';

const REPO = 'acme/infra';
const repo = { owner: 'acme', repo: 'infra' };
const BOT = 'github-actions[bot]';
const LABEL = 'terragrunt:drift';
const RUN = 'https://github.com/acme/infra/actions/runs/7';
let github: GitHubEmulator;
let octokit: GitHubClient;

const drifted = (unit: string, from = 'a'): UnitResult => ({
  ...emptyResult(unit),
  status: 'changes',
  change: 1,
  resources: [{ address: 'terraform_data.x', action: 'update' }],
  diff: `OpenTofu will perform the following actions:\n\n  # terraform_data.x will be updated in-place\n  ~ resource "terraform_data" "x" {\n      ~ input = "${from}" -> "b"\n    }\n\nPlan: 0 to add, 1 to change, 0 to destroy.`,
});
const clean = (unit: string): UnitResult => emptyResult(unit);

function keep(results: UnitResult[], extra: { units?: string[]; author?: string; secrets?: string[] } = {}) {
  return keepDriftIssues({
    octokit,
    repo,
    author: extra.author ?? BOT,
    label: LABEL,
    dir: 'live',
    results,
    units: extra.units,
    render: { runUrl: RUN, sha: 'c'.repeat(40), artifactName: 'terragrunt-plans', secrets: extra.secrets },
    logger: createMemoryLogger(),
  });
}

const openIssues = () =>
  [...github.state.repo(REPO).issues.values()].filter((issue) => issue.state === 'open');

beforeEach(async () => {
  github = await startGitHubEmulator();
  github.state.createRepo(REPO);
  octokit = createGitHubClient({ token: github.token, apiUrl: github.apiUrl, graphqlUrl: github.graphqlUrl });
});

afterEach(async () => {
  await github.stop();
});

describe('drift issues', () => {
  it('creates one issue per drifted unit, leaves an unchanged drift alone, updates a changed one, closes a resolved one', async () => {
    const first = await keep([drifted('prod/vpc'), drifted('prod/db'), clean('prod/app')]);
    expect(first.issues.map((i) => [i.unit, i.action])).toEqual([
      ['prod/vpc', 'created'],
      ['prod/db', 'created'],
    ]);
    // One listing, one create per drifted unit.
    expect(first.calls).toBe(3);
    expect(github.calls.count()).toBe(3);
    expect(github.calls.count('issues/list-for-repo')).toBe(1);
    const vpc = github.state.issue(REPO, first.issues[0]!.number!);
    expect(vpc).toMatchObject({ title: 'Terragrunt drift: live/prod/vpc', user: BOT, labels: [LABEL] });
    expect(vpc.body).toContain(
      '```diff\n  # terraform_data.x will be updated in-place\n~   resource "terraform_data" "x" {\n~       input = "a" -> "b"',
    );
    expect(vpc.body).toContain(`Found by [workflow run](${RUN}) at commit \`ccccccc\``);
    expect(vpc.body).toContain('- `terraform_data.x` (update)');
    expect(parseDriftMarker(vpc.body!)).toMatchObject({ dir: 'live', unit: 'prod/vpc' });

    github.calls.reset();
    const second = await keep([drifted('prod/vpc'), drifted('prod/db', 'z'), clean('prod/app')]);
    expect(second.issues.map((i) => [i.unit, i.action])).toEqual([
      ['prod/vpc', 'unchanged'],
      ['prod/db', 'updated'],
    ]);
    expect(github.calls.count()).toBe(2);
    expect(github.state.issue(REPO, second.issues[1]!.number!).body).toContain('input = "z" -> "b"');

    github.calls.reset();
    const third = await keep([clean('prod/vpc'), drifted('prod/db', 'z'), clean('prod/app')]);
    expect(third.issues.map((i) => [i.unit, i.action])).toEqual([
      ['prod/vpc', 'closed'],
      ['prod/db', 'unchanged'],
    ]);
    expect(github.calls.count()).toBe(2);
    const closed = github.state.issue(REPO, vpc.number);
    expect(closed).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(closed.body).toContain(`Resolved: the plan shows no changes in [this run](${RUN})`);
    // The last drift stays readable under the note.
    expect(closed.body).toContain('input = "a" -> "b"');

    // Drift back in the same unit: a new issue (closed ones are not listed, so the listing stays small).
    const fourth = await keep([drifted('prod/vpc')]);
    expect(fourth.issues[0]).toMatchObject({ unit: 'prod/vpc', action: 'created' });
    expect(fourth.issues[0]!.number).not.toBe(vpc.number);
  });

  it('never touches an issue someone else wrote, whatever marker and label it carries', async () => {
    const forged = renderDriftIssue(drifted('prod/vpc'), { dir: 'live' });
    github.state.addToken('mallory-token', 'mallory', 'read');
    const theirs = github.state.createIssue(REPO, forged.title, {
      user: 'mallory',
      body: forged.body,
      labels: [LABEL],
    });
    const result = await keep([clean('prod/vpc'), drifted('prod/db')]);
    expect(result.issues.map((i) => [i.unit, i.action])).toEqual([['prod/db', 'created']]);
    expect(github.state.issue(REPO, theirs)).toMatchObject({ state: 'open', body: forged.body });
    // A drifted unit gets an issue of ours even though theirs names it.
    const again = await keep([drifted('prod/vpc')]);
    expect(again.issues[0]).toMatchObject({ action: 'created' });
    expect(github.state.issue(REPO, again.issues[0]!.number!).user).toBe(BOT);
  });

  it('ignores our issues of another root, and closes those of units no longer covered as not planned', async () => {
    const other = renderDriftIssue(drifted('prod/vpc'), { dir: 'other' });
    const otherIssue = github.state.createIssue(REPO, other.title, {
      user: BOT,
      body: other.body,
      labels: [LABEL],
    });
    const gone = renderDriftIssue(drifted('old/unit'), { dir: 'live' });
    const goneIssue = github.state.createIssue(REPO, gone.title, {
      user: BOT,
      body: gone.body,
      labels: [LABEL],
    });
    const kept = renderDriftIssue(drifted('prod/db'), { dir: 'live' });
    const keptIssue = github.state.createIssue(REPO, kept.title, {
      user: BOT,
      body: kept.body,
      labels: [LABEL],
    });
    // A matrix job failed: prod/db has no result; its issue stays. prod/app failed to plan: nothing is opened.
    const failed: UnitResult = { ...emptyResult('prod/app'), status: 'failed', error: 'Error: lock' };
    const result = await keep([failed], { units: ['prod/app', 'prod/db'] });
    expect(result.issues.map((i) => [i.unit, i.action]).sort()).toEqual([
      ['old/unit', 'closed'],
      ['prod/app', 'failed'],
      ['prod/db', 'no-result'],
    ]);
    expect(github.state.issue(REPO, goneIssue)).toMatchObject({
      state: 'closed',
      stateReason: 'not_planned',
    });
    expect(github.state.issue(REPO, goneIssue).body).toContain(
      '`live/old/unit` is no longer checked for drift',
    );
    expect(github.state.issue(REPO, keptIssue).state).toBe('open');
    expect(github.state.issue(REPO, otherIssue).state).toBe('open');
    expect(openIssues()).toHaveLength(2);
  });

  it('closes duplicates of ours (two runs raced) and keeps the oldest', async () => {
    const body = renderDriftIssue(drifted('prod/vpc'), { dir: 'live' });
    const oldest = github.state.createIssue(REPO, body.title, {
      user: BOT,
      body: body.body,
      labels: [LABEL],
    });
    const newer = github.state.createIssue(REPO, body.title, { user: BOT, body: body.body, labels: [LABEL] });
    const result = await keep([drifted('prod/vpc', 'q')]);
    expect(result.issues.map((i) => [i.number, i.action])).toEqual([
      [newer, 'closed'],
      [oldest, 'updated'],
    ]);
    expect(github.state.issue(REPO, newer)).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    expect(github.state.issue(REPO, newer).body).toContain(`Duplicate of #${oldest}.`);
  });

  it('lists once however many units there are: 150 open drift issues cost two pages, and nothing else when unchanged', async () => {
    const results = Array.from({ length: 150 }, (_, i) => drifted(`env/u${i}`));
    for (const result of results) {
      const { title, body } = renderDriftIssue(result, {
        dir: 'live',
        runUrl: RUN,
        sha: 'c'.repeat(40),
        artifactName: 'terragrunt-plans',
      });
      github.state.createIssue(REPO, title, { user: BOT, body, labels: [LABEL] });
    }
    // Issues without our label are not listed at all.
    for (let i = 0; i < 40; i++) github.state.createIssue(REPO, `other ${i}`, { user: BOT });
    const result = await keep([...results, ...Array.from({ length: 500 }, (_, i) => clean(`env/c${i}`))]);
    expect(result.issues.every((issue) => issue.action === 'unchanged')).toBe(true);
    expect(result.calls).toBe(2);
    expect(github.calls.count()).toBe(2);
    expect(github.calls.count('issues/list-for-repo')).toBe(2);
  });

  it("redacts secrets and keeps a huge plan under GitHub's body limit, saying where the full plan is", async () => {
    const secret = 'sup3r-s3cret-token-value';
    const lines = Array.from({ length: 6000 }, (_, i) => `      + tag_${i} = "${secret}-${i}"`).join('\n');
    const huge: UnitResult = {
      ...drifted('prod/vpc'),
      diff: `OpenTofu will perform the following actions:\n  ~ resource "terraform_data" "x" {\n${lines}\n    }`,
    };
    const result = await keep([huge], { secrets: [secret] });
    const body = github.state.issue(REPO, result.issues[0]!.number!).body!;
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body).not.toContain(secret);
    expect(body).toContain('tag_0 = "***-0"');
    expect(body).toMatch(
      /more lines cut to fit GitHub's size limit; the full plan is in the job summary and the `terragrunt-plans` artifact/,
    );
  });
});

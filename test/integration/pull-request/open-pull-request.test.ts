// The pull-request library against the GitHub API emulator, through a real Octokit.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { imageTagChangeSet } from '../../../src/image-tag/change-set.js';
import { createGitHubClient } from '../../../src/lib/github-client.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { parseRows } from '../../../src/pull-request/body.js';
import { GitHubPullRequestApi } from '../../../src/pull-request/github-pull-request-api.js';
import { openPullRequest, type PullRequestOptions } from '../../../src/pull-request/open-pull-request.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';

const REPO = 'acme/manifests';
const FILE = 'charts/api/values/prod-image-tag.yaml';
const OTHER = 'charts/web/values/prod-image-tag.yaml';
const BRANCH = 'platform-actions/prod/api';
const tagFile = (tag: string) =>
  `# This file is automatically updated by the bot. DO NOT EDIT.\nimage:\n  tag: "${tag}"\n`;

let github: GitHubEmulator;
let sleeps: number[];

beforeEach(async () => {
  github = await startGitHubEmulator({ tokens: { ghs_appToken: { login: 'deploy-app[bot]' } } });
  sleeps = [];
});
afterEach(async () => {
  await github.stop();
});

function api(repo = REPO, token = github.token) {
  const client = createGitHubClient({
    token,
    apiUrl: github.apiUrl,
    graphqlUrl: github.graphqlUrl,
    sleep: async (ms) => void sleeps.push(ms),
  });
  const [owner = '', name = ''] = repo.split('/');
  return new GitHubPullRequestApi(client, owner, name);
}

const options = (extra: Partial<PullRequestOptions> = {}): PullRequestOptions => ({
  branch: BRANCH,
  title: 'Deploy api',
  labels: ['image-tag'],
  autoMerge: true,
  runUrl: 'https://github.com/acme/api/actions/runs/1',
  logger: createMemoryLogger(),
  sleep: async (ms) => void sleeps.push(ms),
  ...extra,
});
const bump = (tag: string, file = FILE) => imageTagChangeSet([file], { values: { tag } });

describe('openPullRequest against the GitHub API emulator', () => {
  beforeEach(() => {
    github.state.createRepo(REPO, { files: { [FILE]: tagFile('v1'), [OTHER]: tagFile('w1') } });
  });

  it('creates the branch, a verified commit and the PR, labels it and enables auto-merge in 6 calls', async () => {
    const result = await openPullRequest(api(), bump('v2'), options());
    expect(result).toMatchObject({ operation: 'created', pullRequestNumber: 1, merged: 'auto', attempts: 1 });
    expect(github.state.readFile(REPO, BRANCH, FILE)).toBe(tagFile('v2'));
    expect(github.state.readFile(REPO, 'main', FILE)).toBe(tagFile('v1'));
    const repo = github.state.repo(REPO);
    expect(repo.verified.has(result.commitSha ?? '')).toBe(true);
    const pull = github.state.pull(REPO, 1);
    expect(pull).toMatchObject({
      head: BRANCH,
      base: 'main',
      labels: ['image-tag'],
      autoMerge: { mergeMethod: 'merge' },
    });
    expect(parseRows(pull.body ?? '')).toEqual([{ file: FILE, key: 'image.tag', old: 'v1', new: 'v2' }]);
    expect(github.calls.log.map((call) => call.fields?.[0] ?? call.operation)).toEqual([
      'repository',
      'git/create-ref',
      'createCommitOnBranch',
      'pulls/create',
      'issues/add-labels',
      'enablePullRequestAutoMerge',
    ]);
    // Auto-merge fires when the checks pass.
    github.state.setChecks(REPO, 1, 'success');
    expect(github.state.readFile(REPO, 'main', FILE)).toBe(tagFile('v2'));
  });

  it('updates the PR in place, then reports unchanged with a single read', async () => {
    await openPullRequest(api(), bump('v2'), options());
    github.calls.reset();
    const updated = await openPullRequest(api(), bump('v3'), options({ title: 'Deploy api v3' }));
    expect(updated).toMatchObject({ operation: 'updated', pullRequestNumber: 1, merged: 'auto' });
    expect(github.state.pull(REPO, 1).title).toBe('Deploy api v3');
    expect(parseRows(github.state.pull(REPO, 1).body ?? '')).toEqual([
      { file: FILE, key: 'image.tag', old: 'v1', new: 'v3' },
    ]);
    github.calls.reset();
    expect(await openPullRequest(api(), bump('v3'), options())).toMatchObject({
      operation: 'unchanged',
      pullRequestNumber: 1,
    });
    expect(github.calls.count()).toBe(1);
  });

  it('is unchanged with no write call when the base already has the tag', async () => {
    expect(await openPullRequest(api(), bump('v1'), options())).toMatchObject({
      operation: 'unchanged',
      merged: 'false',
    });
    expect(github.calls.log.map((call) => call.operation)).toEqual(['graphql']);
    expect(github.state.getBranchSha(REPO, BRANCH)).toBeUndefined();
  });

  it('merges directly when the repository does not allow auto-merge', async () => {
    github.state.createRepo('acme/no-auto', { files: { [FILE]: tagFile('v1') }, allowAutoMerge: false });
    const result = await openPullRequest(api('acme/no-auto'), bump('v2'), options());
    expect(result).toMatchObject({ operation: 'created', merged: 'true' });
    expect(result.mergeCommitSha).toBe(github.state.getBranchSha('acme/no-auto', 'main'));
    expect(github.state.readFile('acme/no-auto', 'main', FILE)).toBe(tagFile('v2'));
    expect(github.calls.count('graphql:enablePullRequestAutoMerge')).toBe(0);
  });

  it('merges directly when GitHub refuses auto-merge on a PR in clean status', async () => {
    github.faults.inject({ operation: 'graphql:enablePullRequestAutoMerge', kind: 'clean-status' });
    const result = await openPullRequest(api(), bump('v2'), options());
    expect(result).toMatchObject({ merged: 'true' });
    expect(github.state.readFile(REPO, 'main', FILE)).toBe(tagFile('v2'));
    expect(github.calls.count('pulls/merge')).toBe(1);
  });

  it('retries after a stale head, keeping the change another run made to another file', async () => {
    await openPullRequest(api(), bump('v2'), options());
    github.state.commit(REPO, BRANCH, { [OTHER]: tagFile('w2') }, 'another run');
    github.faults.inject({ operation: 'graphql:createCommitOnBranch', kind: 'stale-head' });
    const result = await openPullRequest(api(), bump('v3'), options());
    expect(result).toMatchObject({ operation: 'updated', attempts: 2 });
    expect(github.state.readFile(REPO, BRANCH, FILE)).toBe(tagFile('v3'));
    expect(github.state.readFile(REPO, BRANCH, OTHER)).toBe(tagFile('w2'));
  });

  it('two runs racing on the same branch both land, in one PR', async () => {
    const results = await Promise.all([
      openPullRequest(api(), bump('v2'), options()),
      openPullRequest(api(), bump('w2', OTHER), options()),
    ]);
    expect(results.map((result) => result.operation).sort()).toEqual(['created', 'updated']);
    expect(new Set(results.map((result) => result.pullRequestNumber))).toEqual(new Set([1]));
    expect(github.state.readFile(REPO, BRANCH, FILE)).toBe(tagFile('v2'));
    expect(github.state.readFile(REPO, BRANCH, OTHER)).toBe(tagFile('w2'));
    expect(
      parseRows(github.state.pull(REPO, 1).body ?? '')
        .map((row) => row.file)
        .sort(),
    ).toEqual([FILE, OTHER]);
  });

  it('re-reads when the branch already exists (422 Reference already exists)', async () => {
    github.faults.inject({ operation: 'git/create-ref', kind: 'ref-exists' });
    const result = await openPullRequest(api(), bump('v2'), options());
    expect(result).toMatchObject({ operation: 'created', attempts: 2 });
    expect(github.calls.count('git/create-ref')).toBe(2);
    expect(github.state.readFile(REPO, BRANCH, FILE)).toBe(tagFile('v2'));
  });

  it('waits out a secondary rate limit', async () => {
    github.faults.inject({ operation: 'pulls/create', kind: 'secondary-rate-limit' });
    const result = await openPullRequest(api(), bump('v2'), options());
    expect(result).toMatchObject({ operation: 'created', pullRequestNumber: 1 });
    expect(sleeps).toContain(1000);
    expect(github.calls.count('pulls/create')).toBe(2);
  });

  it('opens the PR in another repository with another token', async () => {
    github.state.createRepo('acme/other-manifests', { files: { [FILE]: tagFile('v1') } });
    github.state.setPermission('acme/other-manifests', 'deploy-app[bot]', 'write');
    const result = await openPullRequest(api('acme/other-manifests', 'ghs_appToken'), bump('v2'), options());
    expect(result).toMatchObject({ operation: 'created' });
    expect(github.calls.log.every((call) => call.login === 'deploy-app[bot]')).toBe(true);
    expect(github.state.pull('acme/other-manifests', 1).user).toBe('deploy-app[bot]');
  });

  it('waits for the merge and reports the merge commit', async () => {
    let polls = 0;
    const result = await openPullRequest(
      api(),
      bump('v2'),
      options({
        waitForMerge: 120,
        sleep: async () => {
          if (++polls === 2) github.state.setChecks(REPO, 1, 'success');
        },
      }),
    );
    expect(result).toMatchObject({ merged: 'true', mergeCommitSha: github.state.getBranchSha(REPO, 'main') });
  });

  it('closes superseded PRs with a comment', async () => {
    await openPullRequest(
      api(),
      bump('v2'),
      options({ branch: 'deploy/api/run-1', autoMerge: false, labels: [] }),
    );
    const result = await openPullRequest(
      api(),
      bump('v3'),
      options({
        branch: 'deploy/api/run-2',
        autoMerge: false,
        labels: [],
        closeSupersededPrefix: 'deploy/api/',
      }),
    );
    expect(result.closedPullRequests).toEqual([1]);
    expect(github.state.pull(REPO, 1).state).toBe('closed');
    expect(github.state.comments(REPO, 1).map((comment) => comment.body)).toEqual(['Superseded by #2.']);
  });
});

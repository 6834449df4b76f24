import { describe, expect, it } from '@jest/globals';
import { imageTagChangeSet } from '../../../src/image-tag/change-set.js';
import { openPullRequest, type PullRequestOptions } from '../../../src/pull-request/open-pull-request.js';
import { parseRows } from '../../../src/pull-request/body.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { FakeApi } from './fake-api.js';

const FILE = 'charts/api/values/prod-image-tag.yaml';
const HEADER = '# This file is automatically updated by the bot. DO NOT EDIT.\n';
const tagFile = (tag: string) => `${HEADER}image:\n  tag: ${tag}\n`;
const options = (extra: Partial<PullRequestOptions> = {}): PullRequestOptions => ({
  branch: 'platform-actions/prod/api',
  title: 'Deploy api',
  labels: ['image-tag'],
  autoMerge: true,
  runUrl: 'https://github.test/acme/api/actions/runs/1',
  logger: createMemoryLogger(),
  sleep: async () => {},
  ...extra,
});
const bump = (tag: string, file = FILE) => imageTagChangeSet([file], { values: { tag } });

describe('openPullRequest', () => {
  it('creates branch, commit and PR, labels it and enables auto-merge in 6 calls', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1'), 'README.md': 'x' });
    const result = await openPullRequest(api, bump('v2'), options());
    expect(result).toMatchObject({
      operation: 'created',
      pullRequestNumber: 1,
      merged: 'auto',
      changedFiles: [FILE],
      attempts: 1,
    });
    expect(api.calls).toEqual([
      'readState',
      'createBranch',
      'commit',
      'createPullRequest',
      'addLabels',
      'enableAutoMerge',
    ]);
    expect(api.filesOf('platform-actions/prod/api').get(FILE)).toBe(tagFile('v2'));
    expect(api.filesOf('main').get(FILE)).toBe(tagFile('v1'));
    const pr = api.pr(1);
    expect(pr.body).toContain(`| \`${FILE}\` | \`image.tag\` | \`v1\` | \`v2\` |`);
    expect(pr.body).toContain('(https://github.test/acme/api/actions/runs/1)');
    expect(pr.labels).toEqual(['image-tag']);
    expect(result.commitSha).toBe(api.branches.get('platform-actions/prod/api'));
  });

  it('updates the open PR in place, keeping the first old value in the table', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1') });
    await openPullRequest(api, bump('v2'), options());
    api.calls = [];
    const result = await openPullRequest(api, bump('v3'), options({ title: 'Deploy api v3' }));
    expect(result).toMatchObject({ operation: 'updated', pullRequestNumber: 1, merged: 'auto' });
    expect(api.calls).toEqual(['readState', 'commit', 'updatePullRequest']);
    expect(parseRows(api.pr(1).body)).toEqual([{ file: FILE, key: 'image.tag', old: 'v1', new: 'v3' }]);
    expect(api.pr(1).title).toBe('Deploy api v3');
  });

  it('is unchanged, with no write call, when the base or the PR already has the tag', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1') });
    expect(await openPullRequest(api, bump('v1'), options())).toMatchObject({
      operation: 'unchanged',
      merged: 'false',
    });
    expect(api.calls).toEqual(['readState']);
    await openPullRequest(api, bump('v2'), options());
    api.calls = [];
    expect(await openPullRequest(api, bump('v2'), options())).toMatchObject({
      operation: 'unchanged',
      pullRequestNumber: 1,
      merged: 'auto',
    });
    expect(api.calls).toEqual(['readState']);
  });

  it('merges directly when the repository does not allow auto-merge', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1') });
    api.autoMergeAllowed = false;
    const result = await openPullRequest(api, bump('v2'), options({ labels: [] }));
    expect(result).toMatchObject({ operation: 'created', merged: 'true' });
    expect(result.mergeCommitSha).toBe(api.branches.get('main'));
    expect(api.calls).toEqual(['readState', 'createBranch', 'commit', 'createPullRequest', 'merge']);
    expect(api.filesOf('main').get(FILE)).toBe(tagFile('v2'));
  });

  it('merges directly when the PR is already in clean status, unless fallback-merge is off', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1') });
    api.cleanStatus = true;
    expect(await openPullRequest(api, bump('v2'), options())).toMatchObject({ merged: 'true' });
    const other = new FakeApi({ [FILE]: tagFile('v1') });
    other.cleanStatus = true;
    expect(await openPullRequest(other, bump('v2'), options({ fallbackMerge: false }))).toMatchObject({
      merged: 'false',
    });
    expect(other.calls).not.toContain('merge');
  });

  it('retries when another run moved the branch, keeping its change to another file', async () => {
    const other = 'charts/web/values/prod-image-tag.yaml';
    const api = new FakeApi({ [FILE]: tagFile('v1'), [other]: tagFile('w1') });
    await openPullRequest(api, bump('v2'), options());
    api.beforeCommit = () => api.push('platform-actions/prod/api', { [other]: tagFile('w2') });
    const result = await openPullRequest(api, bump('v3'), options());
    expect(result).toMatchObject({ operation: 'updated', attempts: 2 });
    const files = api.filesOf('platform-actions/prod/api');
    expect(files.get(FILE)).toBe(tagFile('v3'));
    expect(files.get(other)).toBe(tagFile('w2'));
  });

  it('re-reads when the branch was created by a racing run (422 Reference already exists)', async () => {
    const other = 'charts/web/values/prod-image-tag.yaml';
    const api = new FakeApi({ [FILE]: tagFile('v1'), [other]: tagFile('w1') });
    api.beforeCreateBranch = () => {
      api.branches.set('platform-actions/prod/api', api.branches.get('main') as string);
      api.push('platform-actions/prod/api', { [other]: tagFile('w2') });
    };
    const result = await openPullRequest(api, bump('v2'), options());
    expect(result).toMatchObject({ operation: 'created', attempts: 2 });
    const files = api.filesOf('platform-actions/prod/api');
    expect([files.get(FILE), files.get(other)]).toEqual([tagFile('v2'), tagFile('w2')]);
  });

  it('starts a branch left over from a merged PR again from the base', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1'), 'other.yaml': 'a: 1\n' });
    await openPullRequest(api, bump('v2'), options());
    api.mergeNow(1);
    api.push('main', { [FILE]: tagFile('v2').replace('DO NOT EDIT.', 'DO NOT EDIT!') });
    const result = await openPullRequest(api, bump('v3'), options());
    expect(result).toMatchObject({ operation: 'created', pullRequestNumber: 2 });
    expect(api.calls).toContain('resetBranch');
    expect(api.filesOf('platform-actions/prod/api').get(FILE)).toBe(
      tagFile('v3').replace('DO NOT EDIT.', 'DO NOT EDIT!'),
    );
  });

  it('waits for the merge and reports the merge commit', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1') });
    let polls = 0;
    let clock = 0;
    const result = await openPullRequest(
      api,
      bump('v2'),
      options({
        waitForMerge: 60,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
          if (++polls === 2) api.mergeNow(1);
        },
      }),
    );
    expect(result).toMatchObject({ merged: 'true', mergeCommitSha: api.branches.get('main') });
    await expect(
      openPullRequest(
        api,
        bump('v3'),
        options({ waitForMerge: 30, now: () => clock, sleep: async (ms) => void (clock += ms) }),
      ),
    ).rejects.toThrow(/not merged within 30 s/);
  });

  it('closes superseded PRs of the same prefix with a comment', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1') });
    await openPullRequest(api, bump('v2'), options({ branch: 'deploy/api/1', autoMerge: false }));
    const result = await openPullRequest(
      api,
      bump('v3'),
      options({ branch: 'deploy/api/2', autoMerge: false, closeSupersededPrefix: 'deploy/api/' }),
    );
    expect(result.closedPullRequests).toEqual([1]);
    expect(api.pr(1)).toMatchObject({ state: 'CLOSED', comments: ['Superseded by #2.'] });
  });

  it('gives up after the bounded number of attempts', async () => {
    const api = new FakeApi({ [FILE]: tagFile('v1') });
    await openPullRequest(api, bump('v2'), options());
    const race = () => {
      api.push('platform-actions/prod/api', { 'x.yaml': String(Math.random()) });
      api.beforeCommit = race;
    };
    api.beforeCommit = race;
    api.calls = [];
    await expect(openPullRequest(api, bump('v3'), options({ maxAttempts: 3 }))).rejects.toThrow(/moved/);
    expect(api.calls.filter((call) => call === 'commit')).toHaveLength(3);
  });
});

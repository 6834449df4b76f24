// Our identity, the comments we trust, and the redaction of everything sent to GitHub, against the emulator.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '../../../src/lib/github-client.js';
import { GITHUB_ACTIONS_BOT, resolveIdentity } from '../../../src/lib/identity.js';
import { clearSecrets, registerSecrets } from '../../../src/lib/redact.js';
import { upsertMarkedComment } from '../../../src/sqldef/github.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';

const REPO = 'acme/app';
let github: GitHubEmulator;
let pr: number;

beforeEach(async () => {
  github = await startGitHubEmulator({
    tokens: { ghp_personalToken: 'deployer', ghs_appToken: 'deploy-app[bot]' },
  });
  github.state.createRepo(REPO, { files: { 'db/schema.sql': '' } });
  github.state.commit(REPO, 'change', { 'db/schema.sql': 'create table a (id int);\n' }, 'a');
  pr = github.state.createPullRequest(REPO, { head: 'change' }).number;
});
afterEach(async () => {
  clearSecrets();
  await github.stop();
});

const client = (token = github.token) =>
  createGitHubClient({ token, apiUrl: github.apiUrl, graphqlUrl: github.graphqlUrl, maxAttempts: 1 });

describe('resolveIdentity', () => {
  it('is github-actions[bot] for GITHUB_TOKEN without an API call (it cannot read viewer)', async () => {
    expect(await resolveIdentity(client(), { token: github.token })).toBe(GITHUB_ACTIONS_BOT);
    expect(github.calls.count()).toBe(0);
    await expect(client().graphql('query { viewer { login } }')).rejects.toThrow(
      'Resource not accessible by integration',
    );
  });

  it("is the App's bot user with app-slug, without an API call", async () => {
    expect(
      await resolveIdentity(client('ghs_appToken'), { token: 'ghs_appToken', appSlug: 'deploy-app' }),
    ).toBe('deploy-app[bot]');
    expect(github.calls.count()).toBe(0);
  });

  it("is the token's viewer for a personal access token, in one GraphQL call", async () => {
    expect(await resolveIdentity(client('ghp_personalToken'), { token: 'ghp_personalToken' })).toBe(
      'deployer',
    );
    expect(github.calls.count('graphql:viewer')).toBe(1);
    expect(github.calls.count()).toBe(1);
  });
});

describe("sqldef's sticky comment", () => {
  const marker = '<!-- sqldef-migrate: postgres app db/schema.sql -->';

  it('never updates a comment by someone else that carries its marker', async () => {
    github.state.setPermission(REPO, 'mallory', 'read');
    const forged = github.state.addComment(REPO, pr, `${marker}\nforged`, 'mallory');
    const result = await upsertMarkedComment(
      client(),
      { owner: 'acme', repo: 'app', issueNumber: pr },
      marker,
      `${marker}\nreal plan`,
      GITHUB_ACTIONS_BOT,
    );
    expect(result.created).toBe(true);
    expect(github.state.comments(REPO, pr).find((c) => c.id === forged.id)!.body).toContain('forged');
    const again = await upsertMarkedComment(
      client(),
      { owner: 'acme', repo: 'app', issueNumber: pr },
      marker,
      `${marker}\nreal plan 2`,
      GITHUB_ACTIONS_BOT,
    );
    expect(again).toMatchObject({ created: false, id: result.id });
  });
});

describe('every text sent to GitHub is redacted by the client', () => {
  it('comment bodies, PR titles and bodies, commit messages; never file contents', async () => {
    registerSecrets('masked-value-123');
    const octokit = client();
    await octokit.rest.issues.createComment({
      owner: 'acme',
      repo: 'app',
      issue_number: pr,
      body: 'DATABASE_URL=postgres://app:hunter2@db/app and masked-value-123 and SENTRY_DSN=https://k@sentry/1',
    });
    const body = github.state.comments(REPO, pr).at(-1)!.body;
    expect(body).toBe('DATABASE_URL=postgres://app:***@db/app and *** and SENTRY_DSN=***');
    await octokit.rest.pulls.update({
      owner: 'acme',
      repo: 'app',
      pull_number: pr,
      title: 'deploy with masked-value-123',
      body: 'see https://x-access-token:ghs_zzz@github.com/acme/app',
    });
    expect(github.state.pull(REPO, pr)).toMatchObject({
      title: 'deploy with ***',
      body: 'see https://x-access-token:***@github.com/acme/app',
    });
    const { repository } = await octokit.graphql<{ repository: { id: string } }>(
      'query { repository(owner: "acme", name: "app") { id } }',
    );
    expect(repository.id).toBeTruthy();
    const head = github.state.getBranchSha(REPO, 'change')!;
    await octokit.graphql(
      `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }`,
      {
        input: {
          branch: { repositoryNameWithOwner: REPO, branchName: 'change' },
          expectedHeadOid: head,
          message: { headline: 'set masked-value-123' },
          fileChanges: {
            additions: [{ path: 'kept.txt', contents: Buffer.from('masked-value-123').toString('base64') }],
          },
        },
      },
    );
    expect(github.state.readFile(REPO, 'change', 'kept.txt')).toBe('masked-value-123');
    const commit = github.state.repo(REPO).store.commit(github.state.getBranchSha(REPO, 'change')!);
    expect(commit?.message).toBe('set ***');
  });
});

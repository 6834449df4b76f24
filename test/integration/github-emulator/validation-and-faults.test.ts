import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { MAX_COMMENT_LENGTH } from '../../harness/github/index.js';
import { graphqlError, statusOf, useEmulator } from './setup.js';

const owner = 'acme';
const repo = 'deploy';

describe('GitHub emulator validation', () => {
  const h = useEmulator();

  it('rejects a body value GitHub does not accept and records the violation', async () => {
    h.github.state.createRepo('acme/deploy');
    h.github.state.commit('acme/deploy', 'x', { 'x.txt': 'x' });
    const { number } = h.github.state.createPullRequest('acme/deploy', { head: 'x' });
    const result = await statusOf(
      h.octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
        owner,
        repo,
        pull_number: number,
        merge_method: 'fast-forward',
      } as never),
    );
    expect(result.status).toBe(422);
    expect(h.github.takeViolations()).toEqual([
      expect.stringContaining(
        'pulls/merge: body/merge_method must be equal to one of the allowed values (merge, squash, rebase)',
      ),
    ]);
    expect(h.github.state.pull('acme/deploy', number).merged).toBe(false);
  });

  it('answers like GitHub but flags a body property GitHub ignores', async () => {
    h.github.state.createRepo('acme/deploy');
    const sha = h.github.state.getBranchSha('acme/deploy', 'main')!;
    const created = await h.octokit.request('POST /repos/{owner}/{repo}/git/refs', {
      owner,
      repo,
      ref: 'refs/heads/x',
      sha,
      force: true,
    } as never);
    expect(created.status).toBe(201);
    expect(h.github.takeViolations()).toEqual([
      expect.stringContaining(
        'git/create-ref: body property "force" is not part of the operation (GitHub ignores it)',
      ),
    ]);
  });

  it('rejects a missing required body field and a wrong type', async () => {
    h.github.state.createRepo('acme/deploy');
    await statusOf(
      h.octokit.request('POST /repos/{owner}/{repo}/pulls', { owner, repo, head: 'x' } as never),
    );
    await statusOf(
      h.octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner,
        repo,
        pull_number: 1,
        state: 'merged',
      } as never),
    );
    const violations = h.github.takeViolations();
    expect(violations).toEqual([
      expect.stringContaining("pulls/create: body must have required property 'base'"),
      expect.stringContaining(
        'pulls/update: body/state must be equal to one of the allowed values (open, closed)',
      ),
    ]);
  });

  it('rejects bad path and query parameters', async () => {
    h.github.state.createRepo('acme/deploy');
    await statusOf(
      h.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner,
        repo,
        pull_number: 'one',
      } as never),
    );
    await statusOf(
      h.octokit.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'merged' } as never),
    );
    await statusOf(h.octokit.request('GET /repos/{owner}/{repo}/pulls', { owner, repo, branch: 'main' }));
    const violations = h.github.takeViolations();
    expect(violations).toEqual([
      expect.stringContaining('path parameter "pull_number" must be integer'),
      expect.stringContaining('query parameter "state" must be equal to one of the allowed values'),
      expect.stringContaining('query parameter "branch" is not defined for pulls/list'),
    ]);
  });

  it('fails an operation outside the subset', async () => {
    h.github.state.createRepo('acme/deploy');
    const result = await statusOf(h.octokit.rest.repos.listBranches({ owner, repo }));
    expect(result.status).toBe(404);
    expect(h.github.takeViolations()).toEqual([
      'GET /repos/acme/deploy/branches: operation not in subset: GET /repos/acme/deploy/branches',
    ]);
    expect(h.github.calls.log.at(-1)).toMatchObject({ operation: 'unknown', status: 404 });
  });

  it('finds no ref for a {ref} given with refs/, as GitHub, and says why', async () => {
    h.github.state.createRepo('acme/deploy');
    expect((await statusOf(h.octokit.rest.git.getRef({ owner, repo, ref: 'refs/heads/main' }))).status).toBe(
      404,
    );
    expect(h.github.takeViolations()).toEqual([expect.stringContaining('{ref} must be relative to refs/')]);
  });

  it('names an empty path parameter', async () => {
    h.github.state.createRepo('acme/deploy');
    expect((await statusOf(h.octokit.rest.git.getRef({ owner, repo, ref: '' }))).status).toBe(404);
    expect(h.github.takeViolations()).toEqual([
      'GET /repos/acme/deploy/git/ref: git/get-ref: a path parameter is empty or missing: GET /repos/acme/deploy/git/ref',
    ]);
  });

  it('flags a pulls/list head filter without the owner, which GitHub silently ignores', async () => {
    h.github.state.createRepo('acme/deploy');
    await h.octokit.rest.pulls.list({ owner, repo, head: 'bump' });
    expect(h.github.takeViolations()).toEqual([expect.stringContaining('head must be "owner:branch"')]);
  });

  it('rejects unknown GraphQL fields and bad variables against the published schema', async () => {
    h.github.state.createRepo('acme/deploy');
    const field = await graphqlError(
      h.octokit.graphql('query { repository(owner: "acme", name: "deploy") { mergeability } }'),
    );
    expect(field.errors[0]?.message).toBe('Cannot query field "mergeability" on type "Repository".');
    const variable = await graphqlError(
      h.octokit.graphql(
        'query($number: Int!) { repository(owner: "acme", name: "deploy") { pullRequest(number: $number) { id } } }',
        {
          number: 'seven',
        },
      ),
    );
    expect(variable.errors[0]?.message).toMatch(
      /Variable "\$number" got invalid value "seven"; Int cannot represent non-integer value/,
    );
    const missing = await graphqlError(
      h.octokit.graphql(
        'mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }',
        {
          input: { branch: { branchName: 'main' }, message: { headline: 'x' } },
        },
      ),
    );
    expect(missing.errors[0]?.message).toMatch(
      /Field "expectedHeadOid" of required type "GitObjectID!" was not provided/,
    );
    expect(h.github.takeViolations()).toHaveLength(3);
  });

  it('enforces GitHub pagination limits on connections', async () => {
    h.github.state.createRepo('acme/deploy');
    const missing = await graphqlError(
      h.octokit.graphql(
        'query { repository(owner: "acme", name: "deploy") { pullRequests { totalCount } } }',
      ),
    );
    expect(missing.errors[0]).toMatchObject({
      type: 'MISSING_PAGINATION_BOUNDARIES',
      message:
        'You must provide a `first` or `last` value to properly paginate the `pullRequests` connection.',
    });
    const excessive = await graphqlError(
      h.octokit.graphql(
        'query($n: Int) { repository(owner: "acme", name: "deploy") { pullRequests(first: $n) { totalCount } } }',
        {
          n: 250,
        },
      ),
    );
    expect(excessive.errors[0]).toMatchObject({
      type: 'EXCESSIVE_PAGINATION',
      message:
        'Requesting 250 records on the `pullRequests` connection exceeds the `first` limit of 100 records.',
    });
    expect(h.github.takeViolations()).toHaveLength(2);
  });

  it('reports GraphQL fields the emulator does not model instead of answering null', async () => {
    h.github.state.createRepo('acme/deploy');
    const data = await h.octokit.graphql<{ repository: { description: string | null } }>(
      'query { repository(owner: "acme", name: "deploy") { description } }',
    );
    expect(data.repository.description).toBeNull();
    expect(h.github.takeViolations()).toEqual([
      expect.stringContaining('GraphQL field Repository.description is not emulated'),
    ]);
  });

  it('makes stop() fail while violations are outstanding', async () => {
    h.github.state.createRepo('acme/deploy');
    await statusOf(h.octokit.request('GET /repos/{owner}/{repo}/nothing-here', { owner, repo }));
    expect(() => h.github.expectNoViolations()).toThrow(/recorded 1 violation/);
    h.github.takeViolations();
    expect(() => h.github.expectNoViolations()).not.toThrow();
  });
});

describe('GitHub emulator limits, faults and call log', () => {
  const h = useEmulator();

  function seed(): number {
    const { state } = h.github;
    state.createRepo('acme/deploy', { files: { 'values.yaml': 'tag: v1\n' } });
    state.commit('acme/deploy', 'bump', { 'values.yaml': 'tag: v2\n' });
    return state.createPullRequest('acme/deploy', { head: 'bump', title: 'Bump' }).number;
  }

  it('rejects comment bodies over 65,536 characters as GitHub does', async () => {
    const number = seed();
    const ok = await h.octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: 'x'.repeat(MAX_COMMENT_LENGTH),
    });
    expect(ok.status).toBe(201);
    const tooLong = await statusOf(
      h.octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: number,
        body: 'x'.repeat(MAX_COMMENT_LENGTH + 1),
      }),
    );
    expect(tooLong).toMatchObject({
      status: 422,
      message: expect.stringContaining('Body is too long (maximum is 65536 characters)'),
    });
    const update = await statusOf(
      h.octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: ok.data.id,
        body: 'é'.repeat(MAX_COMMENT_LENGTH + 1),
      }),
    );
    expect(update.status).toBe(422);
    expect(h.github.state.comments('acme/deploy', number)).toHaveLength(1);
  });

  it('injects 5xx; the client retries and the call log counts both attempts', async () => {
    seed();
    h.github.faults.inject({ operation: 'repos/get', kind: '5xx' });
    const { data } = await h.octokit.rest.repos.get({ owner, repo });
    expect(data.full_name).toBe('acme/deploy');
    expect(h.github.calls.count('repos/get')).toBe(2);
    expect(h.github.calls.log.map((call) => call.status)).toEqual([502, 200]);
    expect(h.waits).toHaveLength(1);

    h.github.faults.inject({ operation: 'repos/get', kind: '5xx', times: 5 });
    expect((await statusOf(h.client(h.github.token).rest.repos.get({ owner, repo }))).status).toBe(502);
    expect(h.github.faults.pending()).toEqual([{ operation: 'repos/get', kind: '5xx', times: 4 }]);
    h.github.faults.clear();
  });

  it('injects a secondary rate limit with retry-after, honoured by the client', async () => {
    const number = seed();
    h.github.faults.inject({ operation: 'issues/create-comment', kind: 'secondary-rate-limit' });
    const raw = await h
      .client(h.github.token)
      .rest.issues.createComment({ owner, repo, issue_number: number, body: 'x' })
      .catch((e: unknown) => e);
    const error = raw as { status: number; message: string; response: { headers: Record<string, string> } };
    expect(error.status).toBe(403);
    expect(error.message).toContain('You have exceeded a secondary rate limit');
    expect(error.response.headers['retry-after']).toBe('1');

    h.github.faults.inject({ operation: 'issues/create-comment', kind: 'secondary-rate-limit' });
    await h.octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: 'y' });
    expect(h.waits).toEqual([1000]);
    expect(h.github.state.comments('acme/deploy', number).map((c) => c.body)).toEqual(['y']);
  });

  it('injects "Reference already exists" on git/create-ref', async () => {
    seed();
    h.github.faults.inject({ operation: 'git/create-ref', kind: 'ref-exists' });
    const sha = h.github.state.getBranchSha('acme/deploy', 'main')!;
    const result = await statusOf(h.octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/new', sha }));
    expect(result).toMatchObject({
      status: 422,
      message: expect.stringContaining('Reference already exists'),
    });
    expect(h.github.state.getBranchSha('acme/deploy', 'new')).toBeUndefined();
  });

  it('injects a stale head on createCommitOnBranch', async () => {
    seed();
    const head = h.github.state.getBranchSha('acme/deploy', 'bump')!;
    h.github.faults.inject({ operation: 'graphql:createCommitOnBranch', kind: 'stale-head' });
    const error = await graphqlError(
      h.octokit.graphql(
        'mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }',
        {
          input: {
            branch: { repositoryNameWithOwner: 'acme/deploy', branchName: 'bump' },
            expectedHeadOid: head,
            message: { headline: 'x' },
            fileChanges: { additions: [{ path: 'x', contents: 'eA==' }] },
          },
        },
      ),
    );
    expect(error.errors[0]).toMatchObject({
      type: 'STALE_DATA',
      message: `Expected branch to point to "${head}" but it did not.  Pull and try again.`,
    });
    expect(h.github.state.getBranchSha('acme/deploy', 'bump')).toBe(head);
    expect(h.github.calls.count('graphql:createCommitOnBranch')).toBe(1);
  });

  it.each([
    ['auto-merge-not-allowed', 'Auto merge is not allowed for this repository'],
    ['clean-status', 'Pull request Pull request is in clean status'],
  ] as const)('injects %s on enablePullRequestAutoMerge', async (kind, message) => {
    const number = seed();
    const { repository } = await h.octokit.graphql<{ repository: { pullRequest: { id: string } } }>(
      'query($n: Int!) { repository(owner: "acme", name: "deploy") { pullRequest(number: $n) { id } } }',
      { n: number },
    );
    h.github.faults.inject({ operation: 'graphql:enablePullRequestAutoMerge', kind });
    const error = await graphqlError(
      h.octokit.graphql(
        'mutation($id: ID!) { enablePullRequestAutoMerge(input: { pullRequestId: $id }) { clientMutationId } }',
        {
          id: repository.pullRequest.id,
        },
      ),
    );
    expect(error.errors[0]).toMatchObject({ type: 'UNPROCESSABLE', message });
    expect(h.github.state.pull('acme/deploy', number).autoMerge).toBeNull();
  });

  it('refuses a GraphQL-only fault on a REST operation', () => {
    expect(() => h.github.faults.inject({ operation: 'pulls/create', kind: 'stale-head' })).toThrow(
      /GraphQL fields/,
    );
  });

  it('counts calls per operation and resets', async () => {
    const number = seed();
    await h.octokit.rest.pulls.get({ owner, repo, pull_number: number });
    await h.octokit.rest.pulls.get({ owner, repo, pull_number: number });
    await h.octokit.rest.issues.listComments({ owner, repo, issue_number: number });
    await h.octokit.graphql('query { viewer { login } }').catch(() => undefined);
    expect(h.github.calls.count()).toBe(4);
    expect(h.github.calls.count('pulls/get')).toBe(2);
    expect(h.github.calls.count('issues/list-comments')).toBe(1);
    expect(h.github.calls.count('graphql')).toBe(1);
    expect(h.github.calls.count('graphql:viewer')).toBe(1);
    expect(h.github.calls.log[0]).toEqual({
      method: 'GET',
      path: `/repos/acme/deploy/pulls/${number}`,
      operation: 'pulls/get',
      status: 200,
      login: 'github-actions[bot]',
    });
    h.github.calls.reset();
    expect(h.github.calls.count()).toBe(0);
  });

  it('serves a subprocess through GITHUB_API_URL and GITHUB_TOKEN', async () => {
    seed();
    const script =
      "const r = await fetch(process.env.GITHUB_API_URL + '/repos/acme/deploy', { headers: { authorization: 'Bearer ' + process.env.GITHUB_TOKEN } });" +
      'console.log(r.status, (await r.json()).full_name);';
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...h.github.env() },
    });
    expect(stdout.trim()).toBe('200 acme/deploy');
  });
});

import { describe, expect, it } from '@jest/globals';
import { b64, graphqlError, useEmulator } from './setup.js';

const COMMIT = `
  mutation Commit($input: CreateCommitOnBranchInput!) {
    createCommitOnBranch(input: $input) { commit { oid messageHeadline } ref { name target { oid } } }
  }`;

const PULL = `
  query Pull($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        id number state mergeable mergeStateStatus headRefOid merged
        autoMergeRequest { mergeMethod enabledBy { login } }
        mergeCommit { oid }
      }
      ref(qualifiedName: "refs/heads/main") { target { oid } }
      defaultBranchRef { name }
    }
  }`;

const ENABLE = `
  mutation Enable($id: ID!, $mergeMethod: PullRequestMergeMethod!) {
    enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) {
      pullRequest { autoMergeRequest { mergeMethod } state }
    }
  }`;

interface PullData {
  repository: {
    pullRequest: {
      id: string;
      number: number;
      state: string;
      mergeable: string;
      mergeStateStatus: string;
      headRefOid: string;
      merged: boolean;
      autoMergeRequest: { mergeMethod: string; enabledBy: { login: string } } | null;
      mergeCommit: { oid: string } | null;
    };
    ref: { target: { oid: string } };
    defaultBranchRef: { name: string };
  };
}

describe('GitHub emulator GraphQL', () => {
  const h = useEmulator();

  async function pull(number: number): Promise<PullData['repository']> {
    const data = await h.octokit.graphql<PullData>(PULL, { owner: 'acme', name: 'deploy', number });
    return data.repository;
  }

  function seedPull(options: { allowAutoMerge?: boolean } = {}): number {
    const { state } = h.github;
    state.createRepo('acme/deploy', { files: { 'values.yaml': 'tag: v1\n' }, ...options });
    state.commit('acme/deploy', 'bump', { 'values.yaml': 'tag: v2\n' });
    return state.createPullRequest('acme/deploy', { head: 'bump', title: 'Bump' }).number;
  }

  it('commits additions and deletions on a branch with createCommitOnBranch', async () => {
    const { state } = h.github;
    state.createRepo('acme/deploy', { files: { 'a.txt': 'a\n', 'old.txt': 'old\n' } });
    const head = state.getBranchSha('acme/deploy', 'main')!;
    const result = await h.octokit.graphql<{
      createCommitOnBranch: {
        commit: { oid: string; messageHeadline: string };
        ref: { name: string; target: { oid: string } };
      };
    }>(COMMIT, {
      input: {
        branch: { repositoryNameWithOwner: 'acme/deploy', branchName: 'main' },
        expectedHeadOid: head,
        message: { headline: 'Bump image', body: 'Details' },
        fileChanges: {
          additions: [{ path: 'dir/new.txt', contents: b64('new\n') }],
          deletions: [{ path: 'old.txt' }],
        },
      },
    });
    const { commit, ref } = result.createCommitOnBranch;
    expect(commit.messageHeadline).toBe('Bump image');
    expect(ref).toEqual({ name: 'main', target: { oid: commit.oid } });
    expect(state.getBranchSha('acme/deploy', 'main')).toBe(commit.oid);
    expect(state.readFile('acme/deploy', 'main', 'dir/new.txt')).toBe('new\n');
    expect(state.readFile('acme/deploy', 'main', 'old.txt')).toBeUndefined();
    // GitHub signs commits made through the API.
    const rest = await h.octokit.rest.git.getCommit({
      owner: 'acme',
      repo: 'deploy',
      commit_sha: commit.oid,
    });
    expect(rest.data.verification.verified).toBe(true);
    expect(rest.data.message).toBe('Bump image\n\nDetails');
    expect(rest.data.parents.map((p) => p.sha)).toEqual([head]);
  });

  it('rejects a stale expectedHeadOid as GitHub does', async () => {
    h.github.state.createRepo('acme/deploy');
    const error = await graphqlError(
      h.octokit.graphql(COMMIT, {
        input: {
          branch: { repositoryNameWithOwner: 'acme/deploy', branchName: 'main' },
          expectedHeadOid: '0'.repeat(40),
          message: { headline: 'x' },
          fileChanges: { additions: [{ path: 'x', contents: b64('x') }] },
        },
      }),
    );
    expect(error.errors[0]).toMatchObject({
      type: 'STALE_DATA',
      message: `Expected branch to point to "${'0'.repeat(40)}" but it did not. Pull and try again.`,
    });
  });

  it('queries a pull request, refs and the default branch', async () => {
    const number = seedPull();
    const repository = await pull(number);
    expect(repository.pullRequest).toMatchObject({
      number,
      state: 'OPEN',
      mergeable: 'MERGEABLE',
      mergeStateStatus: 'BLOCKED',
      merged: false,
      autoMergeRequest: null,
      mergeCommit: null,
      headRefOid: h.github.state.getBranchSha('acme/deploy', 'bump'),
    });
    expect(repository.ref.target.oid).toBe(h.github.state.getBranchSha('acme/deploy', 'main'));
    expect(repository.defaultBranchRef.name).toBe('main');
    const node = await h.octokit.graphql<{ node: { number: number } }>(
      'query($id: ID!) { node(id: $id) { ... on PullRequest { number } } }',
      { id: repository.pullRequest.id },
    );
    expect(node.node.number).toBe(number);
  });

  it('queues auto-merge until checks pass, then merges with the chosen method', async () => {
    const number = seedPull();
    const { id } = (await pull(number)).pullRequest;
    const enabled = await h.octokit.graphql<{
      enablePullRequestAutoMerge: {
        pullRequest: { autoMergeRequest: { mergeMethod: string }; state: string };
      };
    }>(ENABLE, { id, mergeMethod: 'SQUASH' });
    expect(enabled.enablePullRequestAutoMerge.pullRequest).toEqual({
      autoMergeRequest: { mergeMethod: 'SQUASH' },
      state: 'OPEN',
    });
    expect((await pull(number)).pullRequest.autoMergeRequest).toEqual({
      mergeMethod: 'SQUASH',
      enabledBy: { login: 'github-actions[bot]' },
    });

    h.github.state.setChecks('acme/deploy', number, 'success');
    const after = await pull(number);
    expect(after.pullRequest).toMatchObject({ state: 'MERGED', merged: true, autoMergeRequest: null });
    expect(after.ref.target.oid).toBe(after.pullRequest.mergeCommit?.oid);
    expect(h.github.state.readFile('acme/deploy', 'main', 'values.yaml')).toBe('tag: v2\n');
    // Squash: one parent.
    expect(h.github.state.repo('acme/deploy').store.commit(after.ref.target.oid)?.parents).toHaveLength(1);
  });

  it('merges at once when the pull request is already clean', async () => {
    const number = seedPull();
    h.github.state.setChecks('acme/deploy', number, 'success');
    const { id, mergeStateStatus } = (await pull(number)).pullRequest;
    expect(mergeStateStatus).toBe('CLEAN');
    const enabled = await h.octokit.graphql<{
      enablePullRequestAutoMerge: { pullRequest: { state: string } };
    }>(ENABLE, { id, mergeMethod: 'MERGE' });
    expect(enabled.enablePullRequestAutoMerge.pullRequest.state).toBe('MERGED');
  });

  it('refuses auto-merge when the repository does not allow it', async () => {
    const number = seedPull({ allowAutoMerge: false });
    const { id } = (await pull(number)).pullRequest;
    const error = await graphqlError(h.octokit.graphql(ENABLE, { id, mergeMethod: 'MERGE' }));
    expect(error.errors[0]).toMatchObject({
      type: 'UNPROCESSABLE',
      message: 'Auto merge is not allowed for this repository',
    });
  });

  it('merges a pull request and minimizes a comment', async () => {
    const number = seedPull();
    const { id } = (await pull(number)).pullRequest;
    const merged = await h.octokit.graphql<{ mergePullRequest: { pullRequest: { merged: boolean } } }>(
      'mutation($id: ID!) { mergePullRequest(input: { pullRequestId: $id, mergeMethod: REBASE }) { pullRequest { merged } } }',
      { id },
    );
    expect(merged.mergePullRequest.pullRequest.merged).toBe(true);

    const comment = await h.octokit.rest.issues.createComment({
      owner: 'acme',
      repo: 'deploy',
      issue_number: number,
      body: 'old plan',
    });
    const minimized = await h.octokit.graphql<{
      minimizeComment: { minimizedComment: { isMinimized: boolean; minimizedReason: string } };
    }>(
      'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized minimizedReason } } }',
      { id: comment.data.node_id },
    );
    expect(minimized.minimizeComment.minimizedComment).toEqual({
      isMinimized: true,
      minimizedReason: 'outdated',
    });
    expect(h.github.state.repo('acme/deploy').comments.get(comment.data.id)?.minimized).toEqual({
      reason: 'outdated',
    });
  });

  it('reports missing objects with GitHub NOT_FOUND errors', async () => {
    h.github.state.createRepo('acme/deploy');
    const error = await graphqlError(
      h.octokit.graphql('query { repository(owner: "acme", name: "nope") { id } }'),
    );
    expect(error.errors[0]).toMatchObject({
      type: 'NOT_FOUND',
      message: "Could not resolve to a Repository with the name 'acme/nope'.",
    });
  });
});

describe('GitHub emulator GraphQL reads in one query', () => {
  const h = useEmulator();

  it('serves aliased object(expression) blobs, refs and pull requests with labels', async () => {
    const { state } = h.github;
    state.createRepo('acme/deploy', {
      files: { 'values.yaml': 'tag: v1\n', 'bin.dat': Buffer.from([0, 1, 2]) },
    });
    state.commit('acme/deploy', 'bump', { 'values.yaml': 'tag: v2\n' });
    const { number } = state.createPullRequest('acme/deploy', { head: 'bump', title: 'Bump' });
    await h.octokit.rest.issues.addLabels({
      owner: 'acme',
      repo: 'deploy',
      issue_number: number,
      labels: ['a', 'b'],
    });
    await h.octokit.rest.issues.removeLabel({
      owner: 'acme',
      repo: 'deploy',
      issue_number: number,
      name: 'a',
    });
    const data = await h.octokit.graphql<{
      repository: {
        id: string;
        autoMergeAllowed: boolean;
        headRef: { name: string; target: { oid: string } } | null;
        missingRef: null;
        pullRequests: {
          nodes: { number: number; headRefName: string; labels: { nodes: { name: string }[] } }[];
        };
        b0: { text: string; isBinary: boolean } | null;
        h0: { text: string; isBinary: boolean } | null;
        b1: { text: string | null; isBinary: boolean } | null;
        b2: null;
      };
    }>(
      `query($owner: String!, $name: String!, $head: String!, $headName: String!) {
        repository(owner: $owner, name: $name) {
          id autoMergeAllowed
          headRef: ref(qualifiedName: $head) { name target { oid } }
          missingRef: ref(qualifiedName: "refs/heads/nope") { name }
          pullRequests(headRefName: $headName, last: 20) { nodes { number headRefName labels(first: 100) { nodes { name } } } }
          b0: object(expression: "HEAD:values.yaml") { ... on Blob { text isBinary } }
          h0: object(expression: "refs/heads/bump:values.yaml") { ... on Blob { text isBinary } }
          b1: object(expression: "HEAD:bin.dat") { ... on Blob { text isBinary } }
          b2: object(expression: "HEAD:absent.yaml") { ... on Blob { text isBinary } }
        }
      }`,
      { owner: 'acme', name: 'deploy', head: 'refs/heads/bump', headName: 'bump' },
    );
    const { repository } = data;
    expect(repository.autoMergeAllowed).toBe(true);
    expect(repository.headRef).toEqual({
      name: 'bump',
      target: { oid: state.getBranchSha('acme/deploy', 'bump') },
    });
    expect(repository.missingRef).toBeNull();
    expect(repository.pullRequests.nodes).toEqual([
      { number, headRefName: 'bump', labels: { nodes: [{ name: 'b' }] } },
    ]);
    expect(repository.b0).toEqual({ text: 'tag: v1\n', isBinary: false });
    expect(repository.h0).toEqual({ text: 'tag: v2\n', isBinary: false });
    expect(repository.b1).toEqual({ text: null, isBinary: true });
    expect(repository.b2).toBeNull();
  });
});

import type { GitHubClient } from '../lib/github-client.js';
import {
  StaleHeadError,
  type AutoMergeOutcome,
  type BranchState,
  type CommitRequest,
  type MergeMethod,
  type MergeOutcome,
  type PullRequestApi,
  type PullRequestInfo,
  type RepositoryState,
} from './pull-request-api.js';

interface HttpError {
  status?: number;
  message?: string;
  errors?: { message?: string; type?: string }[];
  response?: { data?: { message?: string; errors?: { message?: string }[] } };
}

const messageOf = (error: unknown): string => {
  const e = (error ?? {}) as HttpError;
  return [
    e.message,
    e.response?.data?.message,
    ...(e.errors ?? []).map((x) => x.message),
    ...(e.response?.data?.errors ?? []).map((x) => x.message),
  ]
    .filter(Boolean)
    .join(' ');
};

interface GqlPullRequest {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  labels: { nodes: { name: string }[] } | null;
  autoMergeRequest: { mergeMethod: string } | null;
}

type GqlFiles = Record<
  string,
  { object: { text: string | null; isBinary: boolean | null } | null } | null | string
>;

interface GqlRef {
  name: string;
  target: ({ oid: string } & GqlFiles) | null;
  associatedPullRequests?: { nodes: GqlPullRequest[] };
}

const PR_FIELDS = `id number url title body state headRefName headRefOid baseRefName
  labels(first: 100) { nodes { name } } autoMergeRequest { mergeMethod }`;

/**
 * The single read: repository settings, base and work branch heads, the branch's pull requests, and the
 * paths' contents on both branches (`object(expression: "<rev>:<path>")`; `HEAD` is the default branch).
 */
export function stateQuery(base: string | undefined, branch: string, paths: string[]): string {
  const baseRev = base ? `refs/heads/${base}` : 'HEAD';
  const files = paths
    .flatMap((path, i) => [
      `b${i}: object(expression: ${JSON.stringify(`${baseRev}:${path}`)}) { ... on Blob { text isBinary isTruncated } }`,
      `h${i}: object(expression: ${JSON.stringify(`refs/heads/${branch}:${path}`)}) { ... on Blob { text isBinary isTruncated } }`,
    ])
    .join('\n      ');
  return `query($owner: String!, $name: String!, $head: String!, $headName: String!${base ? ', $base: String!' : ''}) {
    repository(owner: $owner, name: $name) {
      id nameWithOwner autoMergeAllowed
      defaultBranchRef { name target { oid } }
      ${base ? 'baseRef: ref(qualifiedName: $base) { name target { oid } }' : ''}
      headRef: ref(qualifiedName: $head) { name target { oid } }
      pullRequests(headRefName: $headName, last: 20) { nodes { ${PR_FIELDS} } }
      ${files}
    }
  }`;
}

export const COMMIT_MUTATION = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`;

export const AUTO_MERGE_MUTATION = `mutation($id: ID!, $mergeMethod: PullRequestMergeMethod!) {
  enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) {
    pullRequest { merged mergeCommit { oid } }
  }
}`;

/** PullRequestApi over Octokit: GraphQL for reads, commits and auto-merge; REST for refs, PRs and merges. */
export class GitHubPullRequestApi implements PullRequestApi {
  constructor(
    private readonly client: GitHubClient,
    readonly owner: string,
    readonly repo: string,
  ) {}

  async readState(request: { base?: string; branch: string; paths: string[] }): Promise<RepositoryState> {
    const query = stateQuery(request.base, request.branch, request.paths);
    type Blob = { text: string | null; isBinary: boolean | null; isTruncated: boolean } | null;
    const data = await this.client.graphql<{
      repository:
        | ({
            id: string;
            nameWithOwner: string;
            autoMergeAllowed: boolean;
            defaultBranchRef: GqlRef | null;
            baseRef?: GqlRef | null;
            headRef: GqlRef | null;
            pullRequests: { nodes: GqlPullRequest[] };
          } & Record<string, unknown>)
        | null;
    }>(query, {
      owner: this.owner,
      name: this.repo,
      head: `refs/heads/${request.branch}`,
      headName: request.branch,
      ...(request.base ? { base: `refs/heads/${request.base}` } : {}),
    });
    const repository = data.repository;
    if (!repository)
      throw new Error(`Repository ${this.owner}/${this.repo} not found, or the token cannot read it.`);
    const baseRef = request.base ? repository.baseRef : repository.defaultBranchRef;
    if (!baseRef?.target) {
      throw new Error(`Branch '${request.base ?? '(default)'}' not found in ${repository.nameWithOwner}.`);
    }
    const toBranch = (ref: GqlRef, prefix: string): BranchState => ({
      name: ref.name,
      oid: ref.target?.oid ?? '',
      files: new Map(
        request.paths.map((path, i) => {
          const blob = repository[`${prefix}${i}`] as Blob | undefined;
          if (blob?.isBinary) throw new Error(`'${path}' is a binary file in ${repository.nameWithOwner}.`);
          if (blob?.isTruncated)
            throw new Error(`'${path}' in ${repository.nameWithOwner} is too large to read through the API.`);
          return [path, blob ? (blob.text ?? '') : null];
        }),
      ),
    });
    const head = repository.headRef?.target ? toBranch(repository.headRef, 'h') : undefined;
    return {
      repositoryId: repository.id,
      nameWithOwner: repository.nameWithOwner,
      defaultBranch: repository.defaultBranchRef?.name ?? baseRef.name,
      autoMergeAllowed: repository.autoMergeAllowed,
      base: toBranch(baseRef, 'b'),
      ...(head ? { head } : {}),
      pullRequests: repository.pullRequests.nodes
        .filter((pr) => pr.headRefName === request.branch)
        .map(toPullRequest)
        .sort((a, b) => b.number - a.number),
    };
  }

  async listFiles(oid: string): Promise<string[]> {
    const { data } = await this.client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner: this.owner,
      repo: this.repo,
      tree_sha: oid,
      recursive: 'true',
    });
    if (data.truncated)
      throw new Error('The repository tree is too large to list; name the files without globs.');
    return data.tree
      .filter((entry) => entry.type === 'blob' && entry.path)
      .map((entry) => entry.path as string);
  }

  async createBranch(branch: string, oid: string): Promise<'created' | 'exists'> {
    try {
      await this.client.request('POST /repos/{owner}/{repo}/git/refs', {
        owner: this.owner,
        repo: this.repo,
        ref: `refs/heads/${branch}`,
        sha: oid,
      });
      return 'created';
    } catch (error) {
      if ((error as HttpError).status === 422 && /already exists/i.test(messageOf(error))) return 'exists';
      throw error;
    }
  }

  async deleteBranch(branch: string): Promise<void> {
    await this.client.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', {
      owner: this.owner,
      repo: this.repo,
      ref: `heads/${branch}`,
    });
  }

  async resetBranch(branch: string, oid: string): Promise<void> {
    await this.client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      owner: this.owner,
      repo: this.repo,
      ref: `heads/${branch}`,
      sha: oid,
      force: true,
    });
  }

  async commit(request: CommitRequest): Promise<{ oid: string; url?: string }> {
    const input = {
      branch: { repositoryNameWithOwner: `${this.owner}/${this.repo}`, branchName: request.branch },
      expectedHeadOid: request.expectedHeadOid,
      message: { headline: request.headline, ...(request.body ? { body: request.body } : {}) },
      fileChanges: {
        additions: request.additions.map((a) => ({
          path: a.path,
          contents: Buffer.from(a.contents, 'utf8').toString('base64'),
        })),
        deletions: request.deletions.map((path) => ({ path })),
      },
    };
    try {
      const data = await this.client.graphql<{
        createCommitOnBranch: { commit: { oid: string; url: string } };
      }>(COMMIT_MUTATION, { input });
      return data.createCommitOnBranch.commit;
    } catch (error) {
      if (/expected branch to point to|expectedHeadOid|is not up to date|stale/i.test(messageOf(error))) {
        throw new StaleHeadError(`Branch '${request.branch}' moved since it was read.`);
      }
      throw error;
    }
  }

  async createPullRequest(request: {
    base: string;
    head: string;
    title: string;
    body: string;
    draft?: boolean;
  }): Promise<PullRequestInfo | 'exists'> {
    try {
      const { data } = await this.client.request('POST /repos/{owner}/{repo}/pulls', {
        owner: this.owner,
        repo: this.repo,
        base: request.base,
        head: request.head,
        title: request.title,
        body: request.body,
        draft: request.draft ?? false,
      });
      return {
        id: data.node_id,
        number: data.number,
        url: data.html_url,
        title: data.title,
        body: data.body ?? '',
        state: 'OPEN',
        headRefName: data.head.ref,
        headRefOid: data.head.sha,
        baseRefName: data.base.ref,
        labels: data.labels.map((label) => label.name),
        autoMergeEnabled: Boolean(data.auto_merge),
      };
    } catch (error) {
      if ((error as HttpError).status === 422 && /already exists/i.test(messageOf(error))) return 'exists';
      throw error;
    }
  }

  async updatePullRequest(number: number, update: { title?: string; body?: string }): Promise<void> {
    await this.client.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      owner: this.owner,
      repo: this.repo,
      pull_number: number,
      ...update,
    });
  }

  async addLabels(number: number, labels: string[]): Promise<void> {
    await this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      owner: this.owner,
      repo: this.repo,
      issue_number: number,
      labels,
    });
  }

  async enableAutoMerge(pullRequestId: string, method: MergeMethod): Promise<AutoMergeOutcome> {
    try {
      const data = await this.client.graphql<{
        enablePullRequestAutoMerge: {
          pullRequest: { merged: boolean; mergeCommit: { oid: string } | null } | null;
        };
      }>(AUTO_MERGE_MUTATION, { id: pullRequestId, mergeMethod: method.toUpperCase() });
      const pr = data.enablePullRequestAutoMerge.pullRequest;
      if (pr?.merged)
        return { result: 'merged', ...(pr.mergeCommit ? { mergeCommitSha: pr.mergeCommit.oid } : {}) };
      return { result: 'enabled' };
    } catch (error) {
      const message = messageOf(error);
      if (/clean status/i.test(message)) return { result: 'clean-status' };
      if (
        /auto.?merge is not allowed|not allowed for this repository|protected branch rules not configured/i.test(
          message,
        )
      )
        return { result: 'not-allowed' };
      throw error;
    }
  }

  async merge(number: number, method: MergeMethod, sha: string): Promise<MergeOutcome> {
    try {
      const { data } = await this.client.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
        owner: this.owner,
        repo: this.repo,
        pull_number: number,
        merge_method: method,
        sha,
      });
      return { merged: data.merged, sha: data.sha, message: data.message };
    } catch (error) {
      const status = (error as HttpError).status;
      if (status === 405 || status === 409 || status === 422)
        return { merged: false, message: messageOf(error) };
      throw error;
    }
  }

  async getPullRequest(
    number: number,
  ): Promise<{ state: 'open' | 'closed'; merged: boolean; mergeCommitSha?: string }> {
    const { data } = await this.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      owner: this.owner,
      repo: this.repo,
      pull_number: number,
    });
    return {
      state: data.state as 'open' | 'closed',
      merged: data.merged,
      ...(data.merge_commit_sha ? { mergeCommitSha: data.merge_commit_sha } : {}),
    };
  }

  async listOpenPullRequests(): Promise<{ number: number; headRefName: string; url: string }[]> {
    const pulls = await this.client.paginate('GET /repos/{owner}/{repo}/pulls', {
      owner: this.owner,
      repo: this.repo,
      state: 'open',
      per_page: 100,
    });
    const fullName = `${this.owner}/${this.repo}`.toLowerCase();
    return pulls
      .filter((pr) => pr.head.repo?.full_name?.toLowerCase() === fullName)
      .map((pr) => ({ number: pr.number, headRefName: pr.head.ref, url: pr.html_url }));
  }

  async comment(number: number, body: string): Promise<void> {
    await this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: this.owner,
      repo: this.repo,
      issue_number: number,
      body,
    });
  }

  async closePullRequest(number: number): Promise<void> {
    await this.client.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      owner: this.owner,
      repo: this.repo,
      pull_number: number,
      state: 'closed',
    });
  }
}

function toPullRequest(pr: GqlPullRequest): PullRequestInfo {
  return {
    id: pr.id,
    number: pr.number,
    url: pr.url,
    title: pr.title,
    body: pr.body,
    state: pr.state,
    headRefName: pr.headRefName,
    headRefOid: pr.headRefOid,
    baseRefName: pr.baseRefName,
    labels: (pr.labels?.nodes ?? []).map((label) => label.name),
    autoMergeEnabled: pr.autoMergeRequest !== null,
  };
}

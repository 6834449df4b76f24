// The GitHub operations the pull-request flow needs, behind a narrow interface so the flow can be
// tested against any implementation (the emulator, a fake) and counted call by call.

export type MergeMethod = 'merge' | 'squash' | 'rebase';
export const MERGE_METHODS: readonly MergeMethod[] = ['merge', 'squash', 'rebase'];

export interface PullRequestInfo {
  /** GraphQL node id. */
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  labels: string[];
  autoMergeEnabled: boolean;
}

export interface BranchState {
  name: string;
  oid: string;
  /** Contents of the requested paths at this commit; null when the file does not exist. */
  files: Map<string, string | null>;
}

export interface RepositoryState {
  repositoryId: string;
  nameWithOwner: string;
  defaultBranch: string;
  autoMergeAllowed: boolean;
  base: BranchState;
  /** The work branch, when it exists. */
  head?: BranchState;
  /** Pull requests whose head is the work branch, newest first (open, merged and closed). */
  pullRequests: PullRequestInfo[];
}

export interface CommitRequest {
  branch: string;
  expectedHeadOid: string;
  headline: string;
  body?: string;
  additions: { path: string; contents: string }[];
  deletions: string[];
}

export type AutoMergeOutcome =
  | { result: 'enabled' }
  /** GitHub merged at once: nothing was left to wait for. */
  | { result: 'merged'; mergeCommitSha?: string }
  | { result: 'not-allowed' | 'clean-status' };

export interface MergeOutcome {
  merged: boolean;
  sha?: string;
  message?: string;
}

/** A stale `expectedHeadOid`: the branch moved since it was read. */
export class StaleHeadError extends Error {
  override name = 'StaleHeadError';
}

export interface PullRequestApi {
  readonly owner: string;
  readonly repo: string;
  /** One request: repository settings, base and work branch heads, their PRs, and the paths' contents on both. */
  readState(request: { base?: string; branch: string; paths: string[] }): Promise<RepositoryState>;
  /** Paths of every file at a commit (to expand globs without a clone). */
  listFiles(oid: string): Promise<string[]>;
  /** Creates refs/heads/<branch>; 'exists' when it already does (422 Reference already exists). */
  createBranch(branch: string, oid: string): Promise<'created' | 'exists'>;
  /** Deletes refs/heads/<branch> (a branch this run created, when the run cannot finish). */
  deleteBranch(branch: string): Promise<void>;
  /** Moves the branch to a commit (force), e.g. resetting a leftover branch to the base. */
  resetBranch(branch: string, oid: string): Promise<void>;
  /** createCommitOnBranch; throws StaleHeadError when the branch moved. */
  commit(request: CommitRequest): Promise<{ oid: string; url?: string }>;
  /** 'exists' when an open pull request for the branch already exists. */
  createPullRequest(request: {
    repositoryId: string;
    base: string;
    head: string;
    title: string;
    body: string;
    draft?: boolean;
  }): Promise<PullRequestInfo | 'exists'>;
  updatePullRequest(number: number, update: { title?: string; body?: string }): Promise<void>;
  addLabels(number: number, labels: string[]): Promise<void>;
  enableAutoMerge(pullRequestId: string, method: MergeMethod): Promise<AutoMergeOutcome>;
  merge(number: number, method: MergeMethod, sha: string): Promise<MergeOutcome>;
  getPullRequest(
    number: number,
  ): Promise<{ state: 'open' | 'closed'; merged: boolean; mergeCommitSha?: string }>;
  /** Open pull requests whose head branch is in this repository (never a fork's). */
  listOpenPullRequests(): Promise<{ number: number; headRefName: string; url: string }[]>;
  comment(number: number, body: string): Promise<void>;
  closePullRequest(number: number): Promise<void>;
}

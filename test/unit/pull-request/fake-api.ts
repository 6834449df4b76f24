// A small in-memory PullRequestApi: branches point at snapshots of files; every call is logged.
import {
  StaleHeadError,
  type MergeMethod,
  type PullRequestApi,
  type PullRequestInfo,
  type RepositoryState,
} from '../../../src/pull-request/pull-request-api.js';

interface Pr extends PullRequestInfo {
  merged: boolean;
  mergeCommitSha?: string;
  comments: string[];
}

export class FakeApi implements PullRequestApi {
  readonly owner = 'acme';
  readonly repo = 'manifests';
  calls: string[] = [];
  commits = new Map<string, Map<string, string>>();
  branches = new Map<string, string>();
  pulls: Pr[] = [];
  autoMergeAllowed = true;
  /** Whether enabling auto-merge reports 'clean status'. */
  cleanStatus = false;
  private next = 1;
  /** Runs before the next commit is applied (to simulate a racing run). */
  beforeCommit?: () => void;
  beforeCreateBranch?: () => void;

  constructor(files: Record<string, string>) {
    this.branches.set('main', this.snapshot(new Map(Object.entries(files))));
  }

  snapshot(files: Map<string, string>): string {
    const oid = `c${String(this.next++).padStart(39, '0')}`;
    this.commits.set(oid, files);
    return oid;
  }

  filesOf(branch: string): Map<string, string> {
    return this.commits.get(this.branches.get(branch) ?? '') ?? new Map();
  }

  /** Commits directly to a branch, as another run or a person would. */
  push(branch: string, changes: Record<string, string>): void {
    const files = new Map(this.filesOf(branch));
    for (const [path, text] of Object.entries(changes)) files.set(path, text);
    this.branches.set(branch, this.snapshot(files));
  }

  async readState(request: { base?: string; branch: string; paths: string[] }): Promise<RepositoryState> {
    this.calls.push('readState');
    const base = request.base ?? 'main';
    const branchState = (name: string) => {
      const oid = this.branches.get(name) as string;
      const files = this.commits.get(oid) as Map<string, string>;
      return { name, oid, files: new Map(request.paths.map((path) => [path, files.get(path) ?? null])) };
    };
    return {
      repositoryId: 'R_1',
      nameWithOwner: 'acme/manifests',
      defaultBranch: 'main',
      autoMergeAllowed: this.autoMergeAllowed,
      base: branchState(base),
      ...(this.branches.has(request.branch) ? { head: branchState(request.branch) } : {}),
      pullRequests: this.pulls
        .filter((pr) => pr.headRefName === request.branch)
        .reverse()
        .map((pr) => ({
          ...pr,
          headRefOid: pr.state === 'OPEN' ? (this.branches.get(pr.headRefName) ?? '') : pr.headRefOid,
        })),
    };
  }

  async listFiles(oid: string): Promise<string[]> {
    this.calls.push('listFiles');
    return [...(this.commits.get(oid)?.keys() ?? [])];
  }

  async createBranch(branch: string, oid: string): Promise<'created' | 'exists'> {
    this.calls.push('createBranch');
    const hook = this.beforeCreateBranch;
    this.beforeCreateBranch = undefined;
    hook?.();
    if (this.branches.has(branch)) return 'exists';
    this.branches.set(branch, oid);
    return 'created';
  }

  async deleteBranch(branch: string): Promise<void> {
    this.calls.push('deleteBranch');
    this.branches.delete(branch);
  }

  async resetBranch(branch: string, oid: string): Promise<void> {
    this.calls.push('resetBranch');
    this.branches.set(branch, oid);
  }

  async commit(request: {
    branch: string;
    expectedHeadOid: string;
    additions: { path: string; contents: string }[];
    deletions: string[];
  }) {
    this.calls.push('commit');
    const hook = this.beforeCommit;
    this.beforeCommit = undefined;
    hook?.();
    if (this.branches.get(request.branch) !== request.expectedHeadOid)
      throw new StaleHeadError(`Branch '${request.branch}' moved.`);
    const files = new Map(this.filesOf(request.branch));
    for (const { path, contents } of request.additions) files.set(path, contents);
    for (const path of request.deletions) files.delete(path);
    const oid = this.snapshot(files);
    this.branches.set(request.branch, oid);
    return { oid };
  }

  async createPullRequest(request: { base: string; head: string; title: string; body: string }) {
    this.calls.push('createPullRequest');
    if (this.pulls.some((pr) => pr.state === 'OPEN' && pr.headRefName === request.head))
      return 'exists' as const;
    const number = this.pulls.length + 1;
    const pr: Pr = {
      id: `PR_${number}`,
      number,
      url: `https://github.test/acme/manifests/pull/${number}`,
      title: request.title,
      body: request.body,
      state: 'OPEN',
      headRefName: request.head,
      headRefOid: this.branches.get(request.head) ?? '',
      baseRefName: request.base,
      labels: [],
      autoMergeEnabled: false,
      merged: false,
      comments: [],
    };
    this.pulls.push(pr);
    return { ...pr };
  }

  pr(number: number): Pr {
    return this.pulls.find((pr) => pr.number === number) as Pr;
  }

  async updatePullRequest(number: number, update: { title?: string; body?: string }) {
    this.calls.push('updatePullRequest');
    Object.assign(this.pr(number), update);
  }

  async addLabels(number: number, labels: string[]) {
    this.calls.push('addLabels');
    this.pr(number).labels.push(...labels);
  }

  async enableAutoMerge(id: string, _method: MergeMethod) {
    this.calls.push('enableAutoMerge');
    if (!this.autoMergeAllowed) return { result: 'not-allowed' as const };
    if (this.cleanStatus) return { result: 'clean-status' as const };
    const pr = this.pulls.find((p) => p.id === id) as Pr;
    pr.autoMergeEnabled = true;
    return { result: 'enabled' as const };
  }

  /** Merges a PR into its base, as GitHub does when auto-merge fires. */
  mergeNow(number: number): string {
    const pr = this.pr(number);
    const files = new Map(this.filesOf(pr.baseRefName));
    for (const [path, text] of this.filesOf(pr.headRefName)) files.set(path, text);
    const sha = this.snapshot(files);
    this.branches.set(pr.baseRefName, sha);
    Object.assign(pr, {
      merged: true,
      state: 'MERGED',
      mergeCommitSha: sha,
      headRefOid: this.branches.get(pr.headRefName),
    });
    return sha;
  }

  async merge(number: number, _method: MergeMethod, sha: string) {
    this.calls.push('merge');
    if (this.branches.get(this.pr(number).headRefName) !== sha)
      return { merged: false, message: 'Head branch was modified.' };
    return { merged: true, sha: this.mergeNow(number) };
  }

  async getPullRequest(number: number) {
    this.calls.push('getPullRequest');
    const pr = this.pr(number);
    return {
      state: pr.state === 'OPEN' ? ('open' as const) : ('closed' as const),
      merged: pr.merged,
      ...(pr.mergeCommitSha ? { mergeCommitSha: pr.mergeCommitSha } : {}),
    };
  }

  async listOpenPullRequests() {
    this.calls.push('listOpenPullRequests');
    return this.pulls
      .filter((pr) => pr.state === 'OPEN')
      .map((pr) => ({ number: pr.number, headRefName: pr.headRefName, url: pr.url }));
  }

  async comment(number: number, body: string) {
    this.calls.push('comment');
    this.pr(number).comments.push(body);
  }

  async closePullRequest(number: number) {
    this.calls.push('closePullRequest');
    Object.assign(this.pr(number), {
      state: 'CLOSED',
      headRefOid: this.branches.get(this.pr(number).headRefName),
    });
  }
}

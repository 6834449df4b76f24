import { ArtifactStore } from './artifacts.js';
import {
  diffTrees,
  lineDiff,
  mergeFileMaps,
  ObjectStore,
  type FileMap,
  type Signature,
} from './git-objects.js';

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';
export type MergeMethod = 'merge' | 'squash' | 'rebase';
export type ChecksStatus = 'pending' | 'success' | 'failure';

export interface User {
  id: number;
  login: string;
  type: 'User' | 'Bot' | 'Organization';
}

export interface PullRequestFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  changes: number;
  sha: string;
  patch?: string;
  previous_filename?: string;
}

export interface Review {
  id: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  body: string;
  commitId: string;
  submittedAt: string;
}

export interface PullRequest {
  number: number;
  id: number;
  title: string;
  body: string | null;
  /** Head and base branch names (same repository). */
  head: string;
  base: string;
  /** Last known head sha (kept when the head branch is deleted). */
  headSha: string;
  baseSha: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  user: string;
  labels: string[];
  maintainerCanModify: boolean;
  autoMerge: {
    mergeMethod: MergeMethod;
    enabledBy: string;
    enabledAt: string;
    commitHeadline?: string;
  } | null;
  checks: ChecksStatus;
  /** Forced mergeability (undefined: computed from a three-way merge; null: GitHub is still computing it). */
  mergeableOverride?: boolean | null;
  reviews: Review[];
  filesOverride?: PullRequestFile[];
}

export interface Reaction {
  id: number;
  user: string;
  content: string;
  createdAt: string;
}

export interface IssueComment {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  reactions: Reaction[];
  minimized: { reason: string } | null;
}

export interface DeploymentStatus {
  id: number;
  state: string;
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  creator: string;
  createdAt: string;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  payload: unknown;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  creator: string;
  createdAt: string;
  updatedAt: string;
  statuses: DeploymentStatus[];
}

/** A plain issue (pull requests are issues too, and live in `pulls`). */
export interface Issue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  user: string;
  labels: string[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

export interface CreateIssueOptions {
  body?: string;
  /** Author; default the repository's owner. */
  user?: string;
  labels?: string[];
  state?: 'open' | 'closed';
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Repository {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  visibility: 'public' | 'private' | 'internal';
  allowAutoMerge: boolean;
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  deleteBranchOnMerge: boolean;
  createdAt: string;
  refs: Map<string, string>;
  store: ObjectStore;
  /** Commits GitHub signed (made through createCommitOnBranch): `verification.verified` is true. */
  verified: Set<string>;
  pulls: Map<number, PullRequest>;
  /** Plain issues (pull requests are issues too, and live in `pulls`). */
  issues: Map<number, Issue>;
  comments: Map<number, IssueComment>;
  labels: Map<string, Label>;
  deployments: Map<number, Deployment>;
  permissions: Map<string, Permission>;
  nextNumber: number;
}

export interface CreateRepoOptions {
  defaultBranch?: string;
  /** Files of the initial commit (path → UTF-8 text or bytes). */
  files?: Record<string, string | Buffer>;
  allowAutoMerge?: boolean;
  allowMergeCommit?: boolean;
  allowSquashMerge?: boolean;
  allowRebaseMerge?: boolean;
  deleteBranchOnMerge?: boolean;
  visibility?: 'public' | 'private' | 'internal';
}

export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Stable opaque GraphQL node ids, e.g. PR_kwDOAAAAAQAAAAE. */
export function nodeId(prefix: string, ...parts: (string | number)[]): string {
  return `${prefix}_kwDO${Buffer.from(parts.join(':')).toString('base64url')}`;
}

export function decodeNodeId(id: string): { prefix: string; parts: string[] } | undefined {
  const match = /^([A-Za-z]+)_kwDO(.+)$/.exec(id);
  if (!match) return undefined;
  return { prefix: match[1]!, parts: Buffer.from(match[2]!, 'base64url').toString('utf8').split(':') };
}

const PERMISSION_RANK: Record<Permission, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

export function permissionAtLeast(actual: Permission, needed: Permission): boolean {
  return PERMISSION_RANK[actual] >= PERMISSION_RANK[needed];
}

/**
 * The emulator's world: users, tokens and repositories with real git objects. Tests seed it with the helpers
 * below and inspect it after an action ran; request handlers mutate it the way GitHub would.
 */
export class GitHubState {
  readonly repos = new Map<string, Repository>();
  readonly users = new Map<string, User>();
  readonly tokens = new Map<string, string>();
  /** Permission a token's user has on every repository unless setPermission says otherwise. */
  readonly defaultPermissions = new Map<string, Permission>();
  private nextId = 1000;
  /** Clock for created_at/updated_at; tests may replace it. */
  now: () => Date = () => new Date();
  /** Workflow run artifacts (upload a zip for a run, expire it). */
  readonly artifacts = new ArtifactStore(
    () => this.id(),
    () => this.now(),
  );

  id(): number {
    return this.nextId++;
  }

  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  user(login: string): User {
    let user = this.users.get(login.toLowerCase());
    if (!user) {
      user = { id: this.id(), login, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
      this.users.set(login.toLowerCase(), user);
    }
    return user;
  }

  /**
   * Requests that send `authorization: token <token>` (or Bearer) act as `login`. With `permission`, that user
   * has it on every repository (as a workflow's GITHUB_TOKEN has on its repository) unless setPermission says
   * otherwise; without it, only repositories they own or were given a permission on are reachable.
   */
  addToken(token: string, login: string, permission?: Permission): void {
    this.user(login);
    this.tokens.set(token, login);
    if (permission) this.defaultPermissions.set(login.toLowerCase(), permission);
  }

  createRepo(fullName: string, options: CreateRepoOptions = {}): Repository {
    const [owner, name] = fullName.split('/');
    if (!owner || !name) throw new Error(`Repository must be owner/name, got ${fullName}`);
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`Repository ${fullName} exists`);
    this.user(owner);
    const repo: Repository = {
      id: this.id(),
      owner,
      name,
      fullName,
      defaultBranch: options.defaultBranch ?? 'main',
      visibility: options.visibility ?? 'private',
      allowAutoMerge: options.allowAutoMerge ?? true,
      allowMergeCommit: options.allowMergeCommit ?? true,
      allowSquashMerge: options.allowSquashMerge ?? true,
      allowRebaseMerge: options.allowRebaseMerge ?? true,
      deleteBranchOnMerge: options.deleteBranchOnMerge ?? false,
      createdAt: this.timestamp(),
      refs: new Map(),
      store: new ObjectStore(),
      verified: new Set(),
      pulls: new Map(),
      issues: new Map(),
      comments: new Map(),
      labels: new Map(),
      deployments: new Map(),
      permissions: new Map([[owner.toLowerCase(), 'admin']]),
      nextNumber: 1,
    };
    this.repos.set(fullName.toLowerCase(), repo);
    const files: FileMap = new Map();
    for (const [path, content] of Object.entries(options.files ?? { 'README.md': `# ${name}\n` })) {
      files.set(path.replace(/^\/+/, ''), { mode: '100644', sha: repo.store.putBlob(content) });
    }
    const commit = this.commitFiles(repo, files, [], 'Initial commit', owner);
    repo.refs.set(`refs/heads/${repo.defaultBranch}`, commit);
    return repo;
  }

  repo(fullName: string): Repository {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new GitHubError(404, 'Not Found');
    return repo;
  }

  signature(login: string): Signature {
    const user = this.user(login);
    return { name: login, email: `${user.id}+${login}@users.noreply.github.com`, date: this.timestamp() };
  }

  commitFiles(repo: Repository, files: FileMap, parents: string[], message: string, login: string): string {
    const tree = repo.store.buildTree(files);
    const signature = this.signature(login);
    return repo.store.putCommit({ tree, parents, message, author: signature, committer: signature });
  }

  /** Commits file changes on a branch (creating it from the default branch when missing); returns the sha. */
  commit(
    fullName: string,
    branch: string,
    changes: Record<string, string | Buffer | null>,
    message = 'Update files',
    login?: string,
  ): string {
    const repo = this.repo(fullName);
    const parent = this.getBranchSha(fullName, branch) ?? this.getBranchSha(fullName, repo.defaultBranch);
    const files = parent ? this.files(repo, parent) : new Map();
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) files.delete(path);
      else files.set(path, { mode: '100644', sha: repo.store.putBlob(content) });
    }
    const sha = this.commitFiles(repo, files, parent ? [parent] : [], message, login ?? repo.owner);
    this.setRef(repo, `refs/heads/${branch}`, sha);
    return sha;
  }

  files(repo: Repository, commitSha: string): FileMap {
    const commit = repo.store.commit(commitSha);
    if (!commit) throw new GitHubError(404, 'Not Found');
    return repo.store.flatten(commit.tree);
  }

  /** Moves a ref and re-evaluates pull requests whose head or base it is. */
  setRef(repo: Repository, ref: string, sha: string | undefined): void {
    if (sha === undefined) repo.refs.delete(ref);
    else repo.refs.set(ref, sha);
    const branch = ref.replace(/^refs\/heads\//, '');
    for (const pull of repo.pulls.values()) {
      if (pull.state !== 'open') continue;
      if (pull.head === branch && sha !== undefined && sha !== pull.headSha) {
        pull.headSha = sha;
        pull.updatedAt = this.timestamp();
        // A new head commit resets the checks, as CI would re-run.
        pull.checks = 'pending';
      }
      if (pull.base === branch && sha !== undefined) pull.baseSha = sha;
    }
  }

  getBranchSha(fullName: string, branch: string): string | undefined {
    return this.repo(fullName).refs.get(`refs/heads/${branch.replace(/^refs\/heads\//, '')}`);
  }

  /** A file's text at a branch, tag or commit sha; undefined when absent. */
  readFile(fullName: string, ref: string, path: string): string | undefined {
    const repo = this.repo(fullName);
    const sha = this.resolveRef(repo, ref);
    if (!sha) return undefined;
    const commit = repo.store.commit(sha)!;
    const entry = repo.store.lookup(commit.tree, path);
    const blob = entry?.type === 'blob' ? repo.store.blob(entry.sha) : undefined;
    return blob?.content.toString('utf8');
  }

  /** Resolves a branch, tag, fully qualified ref or commit sha to a commit sha. */
  resolveRef(repo: Repository, ref: string): string | undefined {
    if (ref === 'HEAD') return repo.refs.get(`refs/heads/${repo.defaultBranch}`);
    for (const candidate of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const sha = repo.refs.get(candidate);
      if (sha) return sha;
    }
    if (/^[0-9a-f]{40}$/.test(ref) && repo.store.commit(ref)) return ref;
    return undefined;
  }

  setPermission(fullName: string, login: string, permission: Permission): void {
    this.user(login);
    this.repo(fullName).permissions.set(login.toLowerCase(), permission);
  }

  permission(repo: Repository, login: string): Permission {
    return (
      repo.permissions.get(login.toLowerCase()) ?? this.defaultPermissions.get(login.toLowerCase()) ?? 'none'
    );
  }

  createPullRequest(
    fullName: string,
    options: { head: string; base?: string; title?: string; body?: string; draft?: boolean; user?: string },
  ): PullRequest {
    const repo = this.repo(fullName);
    const base = options.base ?? repo.defaultBranch;
    const headSha = this.getBranchSha(fullName, options.head);
    const baseSha = this.getBranchSha(fullName, base);
    if (!headSha || !baseSha) throw new GitHubError(422, 'Validation Failed');
    const now = this.timestamp();
    const pull: PullRequest = {
      number: repo.nextNumber++,
      id: this.id(),
      title: options.title ?? options.head,
      body: options.body ?? null,
      head: options.head,
      base,
      headSha,
      baseSha,
      state: 'open',
      draft: options.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
      user: options.user ?? repo.owner,
      labels: [],
      maintainerCanModify: false,
      autoMerge: null,
      checks: 'pending',
      reviews: [],
    };
    repo.pulls.set(pull.number, pull);
    return pull;
  }

  pull(fullName: string, number: number): PullRequest {
    const pull = this.repo(fullName).pulls.get(number);
    if (!pull) throw new GitHubError(404, 'Not Found');
    return pull;
  }

  addReview(
    fullName: string,
    number: number,
    review: { user: string; state?: Review['state']; body?: string; commitId?: string },
  ): Review {
    const pull = this.pull(fullName, number);
    const added: Review = {
      id: this.id(),
      user: this.user(review.user).login,
      state: review.state ?? 'APPROVED',
      body: review.body ?? '',
      commitId: review.commitId ?? pull.headSha,
      submittedAt: this.timestamp(),
    };
    pull.reviews.push(added);
    return added;
  }

  /** Overrides the computed file list of a pull request (e.g. to test pagination with thousands of files). */
  setPullRequestFiles(fullName: string, number: number, files: PullRequestFile[] | undefined): void {
    this.pull(fullName, number).filesOverride = files;
  }

  /** Files changed by a pull request: the diff from the merge base to the head, as GitHub computes it. */
  pullRequestFiles(fullName: string, number: number): PullRequestFile[] {
    const pull = this.pull(fullName, number);
    if (pull.filesOverride) return pull.filesOverride;
    const repo = this.repo(fullName);
    const base = pull.merged
      ? pull.baseSha
      : (repo.store.mergeBase(pull.baseSha, pull.headSha) ?? pull.baseSha);
    return this.compareFiles(repo, base, pull.headSha);
  }

  compareFiles(repo: Repository, baseSha: string, headSha: string): PullRequestFile[] {
    const baseTree = repo.store.commit(baseSha)!.tree;
    const headTree = repo.store.commit(headSha)!.tree;
    return diffTrees(repo.store, baseTree, headTree).map((change) => {
      const before = change.before ? repo.store.blob(change.before)!.content.toString('utf8') : '';
      const after = change.after ? repo.store.blob(change.after)!.content.toString('utf8') : '';
      const diff = lineDiff(before, after);
      const file: PullRequestFile = {
        filename: change.filename,
        status: change.status,
        additions: diff.additions,
        deletions: diff.deletions,
        changes: diff.additions + diff.deletions,
        sha: change.after ?? change.before!,
      };
      if (diff.patch !== undefined) file.patch = diff.patch;
      return file;
    });
  }

  /**
   * Whether head merges cleanly into base (file-level three-way merge), or null while GitHub is still computing
   * it — which GitHub answers for a while after a push; force that with setMergeable(repo, number, null).
   */
  mergeable(fullName: string, number: number): boolean | null {
    const pull = this.pull(fullName, number);
    if (pull.mergeableOverride !== undefined) return pull.mergeableOverride;
    if (pull.merged) return false;
    return this.mergedTree(this.repo(fullName), pull) !== undefined;
  }

  /** true/false forces mergeability, null makes it unknown (still computing), undefined computes it again. */
  setMergeable(fullName: string, number: number, mergeable: boolean | null | undefined): void {
    this.pull(fullName, number).mergeableOverride = mergeable;
  }

  /** GraphQL mergeStateStatus: CLEAN, BLOCKED (checks pending/failing), DIRTY (conflicts), DRAFT, or UNKNOWN. */
  mergeStateStatus(fullName: string, number: number): 'CLEAN' | 'BLOCKED' | 'DIRTY' | 'DRAFT' | 'UNKNOWN' {
    const pull = this.pull(fullName, number);
    if (pull.state !== 'open') return 'UNKNOWN';
    if (pull.draft) return 'DRAFT';
    const mergeable = this.mergeable(fullName, number);
    if (mergeable === null) return 'UNKNOWN';
    if (!mergeable) return 'DIRTY';
    return pull.checks === 'success' ? 'CLEAN' : 'BLOCKED';
  }

  private mergedTree(repo: Repository, pull: PullRequest): FileMap | undefined {
    const baseSha = repo.refs.get(`refs/heads/${pull.base}`) ?? pull.baseSha;
    const mergeBase = repo.store.mergeBase(baseSha, pull.headSha);
    const base = mergeBase ? this.files(repo, mergeBase) : new Map();
    return mergeFileMaps(base, this.files(repo, baseSha), this.files(repo, pull.headSha));
  }

  /**
   * Merges a pull request the way the merge button does. Throws GitHubError 405 when it cannot be merged.
   * Returns the new commit sha on the base branch.
   */
  mergePullRequest(
    fullName: string,
    number: number,
    options: {
      method?: MergeMethod;
      login?: string;
      commitTitle?: string;
      commitMessage?: string;
      sha?: string;
    } = {},
  ): string {
    const repo = this.repo(fullName);
    const pull = this.pull(fullName, number);
    const method = options.method ?? 'merge';
    if (pull.state !== 'open' || pull.merged) throw new GitHubError(405, 'Pull Request is not mergeable');
    if (options.sha && options.sha !== pull.headSha) {
      throw new GitHubError(409, 'Head branch was modified. Review and try the merge again.');
    }
    const allowed = {
      merge: repo.allowMergeCommit,
      squash: repo.allowSquashMerge,
      rebase: repo.allowRebaseMerge,
    };
    if (!allowed[method]) throw new GitHubError(405, `${method} merges are not allowed on this repository.`);
    const tree = pull.mergeableOverride === false ? undefined : this.mergedTree(repo, pull);
    if (!tree) throw new GitHubError(405, 'Pull Request is not mergeable');
    const login = options.login ?? repo.owner;
    const baseSha = repo.refs.get(`refs/heads/${pull.base}`)!;
    const title =
      options.commitTitle ??
      (method === 'merge'
        ? `Merge pull request #${pull.number} from ${repo.owner}/${pull.head}`
        : `${pull.title} (#${pull.number})`);
    const message = options.commitMessage ? `${title}\n\n${options.commitMessage}` : title;
    const parents = method === 'merge' ? [baseSha, pull.headSha] : [baseSha];
    const sha = this.commitFiles(repo, tree, parents, message, login);
    const now = this.timestamp();
    Object.assign(pull, {
      merged: true,
      mergedAt: now,
      mergedBy: login,
      mergeCommitSha: sha,
      state: 'closed',
      closedAt: now,
      updatedAt: now,
      autoMerge: null,
    });
    pull.baseSha = baseSha;
    this.setRef(repo, `refs/heads/${pull.base}`, sha);
    if (repo.deleteBranchOnMerge) repo.refs.delete(`refs/heads/${pull.head}`);
    return sha;
  }

  /**
   * Completes the required checks of a pull request. With 'success' and auto-merge enabled, GitHub merges
   * it at once with the chosen method — so does this.
   */
  setChecks(fullName: string, number: number, status: ChecksStatus): void {
    const pull = this.pull(fullName, number);
    pull.checks = status;
    if (status === 'success' && pull.autoMerge && this.mergeable(fullName, number) === true) {
      this.mergePullRequest(fullName, number, {
        method: pull.autoMerge.mergeMethod,
        login: pull.autoMerge.enabledBy,
        commitTitle: pull.autoMerge.commitHeadline,
      });
    }
  }

  /** Creates a plain issue (comments and labels work on it as on a pull request); labels are created. */
  createIssue(fullName: string, title = 'Issue', options: CreateIssueOptions = {}): number {
    const repo = this.repo(fullName);
    const number = repo.nextNumber++;
    const now = this.timestamp();
    const user = this.user(options.user ?? repo.owner).login;
    const closed = options.state === 'closed';
    for (const name of options.labels ?? []) this.label(repo, name);
    repo.issues.set(number, {
      number,
      id: this.id(),
      title,
      body: options.body ?? null,
      user,
      labels: [...(options.labels ?? [])],
      state: closed ? 'closed' : 'open',
      stateReason: closed ? 'completed' : null,
      createdAt: now,
      updatedAt: now,
      closedAt: closed ? now : null,
      closedBy: closed ? user : null,
    });
    return number;
  }

  /** A plain issue (not a pull request). */
  issue(fullName: string, number: number): Issue {
    const issue = this.repo(fullName).issues.get(number);
    if (!issue) throw new GitHubError(404, 'Not Found');
    return issue;
  }

  /** The repository's label of that name (case-insensitive), created as GitHub does on first use. */
  label(repo: Repository, name: string): Label {
    let label = repo.labels.get(name.toLowerCase());
    if (!label) {
      label = { id: this.id(), name, color: 'ededed', description: null };
      repo.labels.set(name.toLowerCase(), label);
    }
    return label;
  }

  addComment(fullName: string, issueNumber: number, body: string, login: string): IssueComment {
    const repo = this.repo(fullName);
    const now = this.timestamp();
    const comment: IssueComment = {
      id: this.id(),
      issueNumber,
      body,
      user: this.user(login).login,
      createdAt: now,
      updatedAt: now,
      reactions: [],
      minimized: null,
    };
    repo.comments.set(comment.id, comment);
    return comment;
  }

  comments(fullName: string, issueNumber: number): IssueComment[] {
    return [...this.repo(fullName).comments.values()].filter(
      (comment) => comment.issueNumber === issueNumber,
    );
  }
}

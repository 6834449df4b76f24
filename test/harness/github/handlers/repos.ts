import {
  GitHubError,
  paginate,
  repoFor,
  repoUrls,
  userJson,
  type RestContext,
  type RestHandler,
} from '../context.js';
import { nodeId, permissionAtLeast, type Deployment, type Repository } from '../state.js';

export function repositoryJson(
  context: RestContext | { state: RestContext['state']; urls: RestContext['urls']; login: string },
  repo: Repository,
): Record<string, unknown> {
  const { api, web } = repoUrls(context, repo);
  const permission = context.state.permission(repo, context.login);
  const now = context.state.timestamp();
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userJson(context, repo.owner),
    private: repo.visibility !== 'public',
    visibility: repo.visibility,
    html_url: web,
    url: api,
    clone_url: `${web}.git`,
    git_url: `${web.replace(/^https?:/, 'git:')}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    description: null,
    fork: false,
    default_branch: repo.defaultBranch,
    allow_auto_merge: repo.allowAutoMerge,
    allow_merge_commit: repo.allowMergeCommit,
    allow_squash_merge: repo.allowSquashMerge,
    allow_rebase_merge: repo.allowRebaseMerge,
    delete_branch_on_merge: repo.deleteBranchOnMerge,
    archived: false,
    disabled: false,
    permissions: {
      admin: permissionAtLeast(permission, 'admin'),
      maintain: permissionAtLeast(permission, 'maintain'),
      push: permissionAtLeast(permission, 'write'),
      triage: permissionAtLeast(permission, 'triage'),
      pull: permissionAtLeast(permission, 'read') || repo.visibility === 'public',
    },
    created_at: repo.createdAt,
    updated_at: now,
    pushed_at: now,
    network_count: 0,
    subscribers_count: 0,
  };
}

const getRepository: RestHandler = (context) => ({
  status: 200,
  body: repositoryJson(context, repoFor(context)),
});

const getContent: RestHandler = (context) => {
  const repo = repoFor(context);
  const ref = (context.query.ref as string | undefined) ?? repo.defaultBranch;
  const sha = context.state.resolveRef(repo, ref);
  if (!sha) throw new GitHubError(404, `No commit found for the ref ${ref}`);
  const path = (context.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const tree = repo.store.commit(sha)!.tree;
  const entry = repo.store.lookup(tree, path);
  if (!entry) throw new GitHubError(404, 'Not Found');
  const { api, web } = repoUrls(context, repo);
  const item = (name: string, itemPath: string, type: string, itemSha: string, size: number) => {
    const self = `${api}/contents/${itemPath}?ref=${encodeURIComponent(ref)}`;
    const html = `${web}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${itemPath}`;
    const git = `${api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${itemSha}`;
    const download =
      type === 'file' ? `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${itemPath}` : null;
    return {
      type,
      name,
      path: itemPath,
      sha: itemSha,
      size,
      url: self,
      html_url: html,
      git_url: git,
      download_url: download,
      _links: { self, git, html },
    };
  };
  if (entry.type === 'tree') {
    const entries = repo.store.tree(entry.sha)!.entries.map((child) => {
      const childPath = path ? `${path}/${child.name}` : child.name;
      const type = child.type === 'tree' ? 'dir' : child.type === 'commit' ? 'submodule' : 'file';
      const size = child.type === 'blob' ? repo.store.blob(child.sha)!.content.length : 0;
      return item(child.name, childPath, type, child.sha, size);
    });
    return { status: 200, body: entries };
  }
  const content = repo.store.blob(entry.sha)!.content;
  const name = path.split('/').pop()!;
  // Files over 1 MB come without content (encoding "none"): callers must read the blob.
  if (content.length > 1024 * 1024) {
    return {
      status: 200,
      body: { ...item(name, path, 'file', entry.sha, content.length), content: '', encoding: 'none' },
    };
  }
  const base64 = content.toString('base64').replace(/(.{60})/g, '$1\n');
  return {
    status: 200,
    body: {
      ...item(name, path, 'file', entry.sha, content.length),
      content: `${base64}\n`,
      encoding: 'base64',
    },
  };
};

const compareCommits: RestHandler = (context) => {
  const repo = repoFor(context);
  const { base, head } = context.params;
  const baseSha = context.state.resolveRef(repo, base!);
  const headSha = context.state.resolveRef(repo, head!);
  if (!baseSha || !headSha) throw new GitHubError(404, 'Not Found');
  const mergeBase = repo.store.mergeBase(baseSha, headSha);
  if (!mergeBase) throw new GitHubError(404, `No common ancestor between ${base} and ${head}.`);
  const ahead = repo.store.ancestors(headSha).filter((sha) => !repo.store.isAncestor(sha, baseSha));
  const behind = repo.store.ancestors(baseSha).filter((sha) => !repo.store.isAncestor(sha, headSha));
  const status =
    ahead.length === 0 && behind.length === 0
      ? 'identical'
      : behind.length === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  const { api, web } = repoUrls(context, repo);
  const files = context.state
    .compareFiles(repo, mergeBase, headSha)
    .map((file) => fileJson(context, repo, file, headSha));
  return {
    status: 200,
    body: {
      url: `${api}/compare/${base}...${head}`,
      html_url: `${web}/compare/${base}...${head}`,
      permalink_url: `${web}/compare/${repo.owner}:${baseSha.slice(0, 7)}...${repo.owner}:${headSha.slice(0, 7)}`,
      diff_url: `${web}/compare/${base}...${head}.diff`,
      patch_url: `${web}/compare/${base}...${head}.patch`,
      base_commit: commitJson(context, repo, baseSha),
      merge_base_commit: commitJson(context, repo, mergeBase),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: ahead.reverse().map((sha) => commitJson(context, repo, sha)),
      files,
    },
  };
};

/** The REST `commit` shape (as in compare and pulls/list-commits). */
export function commitJson(context: RestContext, repo: Repository, sha: string): Record<string, unknown> {
  const commit = repo.store.commit(sha)!;
  const { api, web } = repoUrls(context, repo);
  const signature = (sig: { name: string; email: string; date: string }) => ({
    name: sig.name,
    email: sig.email,
    date: sig.date,
  });
  return {
    sha,
    node_id: nodeId('C', repo.id, sha),
    url: `${api}/commits/${sha}`,
    html_url: `${web}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: signature(commit.author),
      committer: signature(commit.committer),
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    },
    author: null,
    committer: null,
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: `${api}/commits/${parent}`,
      html_url: `${web}/commit/${parent}`,
    })),
  };
}

export function fileJson(
  context: RestContext,
  repo: Repository,
  file: {
    filename: string;
    status: string;
    additions: number;
    deletions: number;
    changes: number;
    sha: string;
    patch?: string;
    previous_filename?: string;
  },
  ref: string,
): Record<string, unknown> {
  const { api, web } = repoUrls(context, repo);
  return {
    ...file,
    blob_url: `${web}/blob/${ref}/${file.filename}`,
    raw_url: `${web}/raw/${ref}/${file.filename}`,
    contents_url: `${api}/contents/${file.filename}?ref=${ref}`,
  };
}

const getCollaboratorPermission: RestHandler = (context) => {
  const repo = repoFor(context);
  const login = context.params.username!;
  const permission = context.state.permission(repo, login);
  const user = userJson(context, login);
  const roleName = {
    admin: 'admin',
    maintain: 'maintain',
    write: 'write',
    triage: 'triage',
    read: 'read',
    none: 'none',
  }[permission];
  // The legacy `permission` field folds maintain into write and triage into read.
  const legacy = {
    admin: 'admin',
    maintain: 'write',
    write: 'write',
    triage: 'read',
    read: 'read',
    none: 'none',
  }[permission];
  return {
    status: 200,
    body: {
      permission: legacy,
      role_name: roleName,
      user: {
        ...user,
        permissions: {
          admin: permissionAtLeast(permission, 'admin'),
          maintain: permissionAtLeast(permission, 'maintain'),
          push: permissionAtLeast(permission, 'write'),
          triage: permissionAtLeast(permission, 'triage'),
          pull: permissionAtLeast(permission, 'read'),
        },
        role_name: roleName,
      },
    },
  };
};

function deploymentJson(
  context: RestContext,
  repo: Repository,
  deployment: Deployment,
): Record<string, unknown> {
  const { api } = repoUrls(context, repo);
  const url = `${api}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: nodeId('DE', repo.id, deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.originalEnvironment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userJson(context, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: api,
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
  };
}

const createDeployment: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const body = context.body;
  const ref = body.ref as string;
  const sha = context.state.resolveRef(repo, ref);
  if (!sha) throw new GitHubError(422, `No ref found for: ${ref}`);
  const environment = (body.environment as string | undefined) ?? 'production';
  const now = context.state.timestamp();
  const deployment: Deployment = {
    id: context.state.id(),
    sha,
    ref,
    task: (body.task as string | undefined) ?? 'deploy',
    environment,
    originalEnvironment: environment,
    description: (body.description as string | undefined) ?? null,
    payload: typeof body.payload === 'string' ? safeJson(body.payload) : (body.payload ?? {}),
    transientEnvironment: (body.transient_environment as boolean | undefined) ?? false,
    productionEnvironment:
      (body.production_environment as boolean | undefined) ?? environment === 'production',
    creator: context.login,
    createdAt: now,
    updatedAt: now,
    statuses: [],
  };
  repo.deployments.set(deployment.id, deployment);
  return { status: 201, body: deploymentJson(context, repo, deployment) };
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const listDeployments: RestHandler = (context) => {
  const repo = repoFor(context);
  const { sha, ref, task, environment } = context.query as Record<string, string | undefined>;
  const matching = [...repo.deployments.values()]
    .filter(
      (d) =>
        (sha === undefined || d.sha === sha) &&
        (ref === undefined || d.ref === ref) &&
        (task === undefined || d.task === task) &&
        (environment === undefined || d.environment === environment),
    )
    .reverse();
  const page = paginate(context, matching, `/repos/${repo.fullName}/deployments`);
  return {
    status: 200,
    body: page.items.map((d) => deploymentJson(context, repo, d)),
    headers: page.headers,
  };
};

const createDeploymentStatus: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const deployment = repo.deployments.get(Number(context.params.deployment_id));
  if (!deployment) throw new GitHubError(404, 'Not Found');
  const body = context.body as Record<string, string | undefined>;
  // GitHub refuses a longer description instead of cutting it.
  if ((body.description ?? '').length > 140) {
    throw new GitHubError(422, 'Validation Failed', {
      errors: [
        {
          resource: 'DeploymentStatus',
          code: 'custom',
          field: 'description',
          message: 'description is too long (maximum is 140 characters)',
        },
      ],
    });
  }
  const now = context.state.timestamp();
  const status = {
    id: context.state.id(),
    state: body.state!,
    description: body.description ?? '',
    environment: body.environment ?? deployment.environment,
    environmentUrl: body.environment_url ?? '',
    logUrl: body.log_url ?? body.target_url ?? '',
    targetUrl: body.target_url ?? body.log_url ?? '',
    creator: context.login,
    createdAt: now,
  };
  deployment.statuses.push(status);
  deployment.environment = status.environment;
  deployment.updatedAt = now;
  if (status.state === 'success' && (context.body.auto_inactive as boolean | undefined) !== false) {
    markEarlierInactive(context, repo, deployment);
  }
  const { api } = repoUrls(context, repo);
  return {
    status: 201,
    body: {
      url: `${api}/deployments/${deployment.id}/statuses/${status.id}`,
      id: status.id,
      node_id: nodeId('DES', repo.id, status.id),
      state: status.state,
      creator: userJson(context, status.creator),
      description: status.description,
      environment: status.environment,
      target_url: status.targetUrl,
      created_at: now,
      updated_at: now,
      deployment_url: `${api}/deployments/${deployment.id}`,
      repository_url: api,
      environment_url: status.environmentUrl,
      log_url: status.logUrl,
    },
  };
};

/**
 * auto_inactive as GitHub documents it: every earlier non-transient, non-production deployment of the same
 * environment whose latest status is `success` gets an `inactive` status.
 */
function markEarlierInactive(context: RestContext, repo: Repository, current: Deployment): void {
  for (const earlier of repo.deployments.values()) {
    if (earlier.id >= current.id || earlier.environment !== current.environment) continue;
    if (earlier.transientEnvironment || earlier.productionEnvironment) continue;
    const latest = earlier.statuses[earlier.statuses.length - 1];
    if (latest?.state !== 'success') continue;
    earlier.statuses.push({
      ...latest,
      id: context.state.id(),
      state: 'inactive',
      description: '',
      creator: context.login,
      createdAt: context.state.timestamp(),
    });
  }
}

const getAuthenticatedUser: RestHandler = (context) => {
  const now = context.state.timestamp();
  return {
    status: 200,
    body: {
      ...userJson(context, context.login),
      name: null,
      company: null,
      blog: null,
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: now,
      updated_at: now,
    },
  };
};

export const reposHandlers: Record<string, RestHandler> = {
  'repos/get': getRepository,
  'repos/get-content': getContent,
  'repos/compare-commits': compareCommits,
  'repos/get-collaborator-permission-level': getCollaboratorPermission,
  'repos/create-deployment': createDeployment,
  'repos/list-deployments': listDeployments,
  'repos/create-deployment-status': createDeploymentStatus,
  'users/get-authenticated': getAuthenticatedUser,
};

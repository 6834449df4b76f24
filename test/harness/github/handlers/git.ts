import { GitHubError, repoFor, repoUrls, type RestContext, type RestHandler } from '../context.js';
import type { FileMap, TreeEntry } from '../git-objects.js';
import { nodeId, type Repository } from '../state.js';

function refJson(context: RestContext, repo: Repository, ref: string, sha: string): Record<string, unknown> {
  const { api } = repoUrls(context, repo);
  return {
    ref,
    node_id: nodeId('REF', repo.id, ref),
    url: `${api}/git/${ref}`,
    object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
  };
}

export function gitCommitJson(context: RestContext, repo: Repository, sha: string): Record<string, unknown> {
  const commit = repo.store.commit(sha);
  if (!commit) throw new GitHubError(404, 'Not Found');
  const { api, web } = repoUrls(context, repo);
  return {
    sha,
    node_id: nodeId('C', repo.id, sha),
    url: `${api}/git/commits/${sha}`,
    html_url: `${web}/commit/${sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: `${api}/git/commits/${parent}`,
      html_url: `${web}/commit/${parent}`,
    })),
    verification: repo.verified.has(sha)
      ? {
          verified: true,
          reason: 'valid',
          signature: '-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n',
          payload: '',
          verified_at: commit.committer.date,
        }
      : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/**
 * The {ref} path parameter is relative to refs/ ('heads/main'). GitHub finds nothing for 'refs/heads/main' there;
 * the emulator answers the same and records why, since the resulting 404/422 is easily misread.
 */
function qualified(context: RestContext): string {
  const ref = context.params.ref!;
  if (ref.startsWith('refs/')) {
    context.violation(
      `{ref} must be relative to refs/ (e.g. "heads/main"), got "${ref}": GitHub finds no such ref`,
    );
  }
  return `refs/${ref}`;
}

const getRef: RestHandler = (context) => {
  const repo = repoFor(context);
  const ref = qualified(context);
  const sha = repo.refs.get(ref);
  if (!sha) throw new GitHubError(404, 'Not Found');
  return { status: 200, body: refJson(context, repo, ref, sha) };
};

/** git check-ref-format, as GitHub applies it to new refs. */
export function isValidRefName(ref: string): boolean {
  if (!/^refs\/[^/]+\/.+/.test(ref) || ref.endsWith('/') || ref.endsWith('.') || ref === '@') return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\//.test(ref)) return false;
  return ref.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}

const createRef: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const ref = context.body.ref as string;
  const sha = context.body.sha as string;
  if (!isValidRefName(ref)) throw new GitHubError(422, `${ref} is not a valid ref name.`);
  if (repo.refs.has(ref)) throw new GitHubError(422, 'Reference already exists');
  if (!repo.store.commit(sha)) throw new GitHubError(422, 'Object does not exist');
  context.state.setRef(repo, ref, sha);
  const { api } = repoUrls(context, repo);
  return {
    status: 201,
    body: refJson(context, repo, ref, sha),
    headers: { location: `${api}/git/${encodeURI(ref)}` },
  };
};

const updateRef: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const ref = qualified(context);
  const sha = context.body.sha as string;
  const current = repo.refs.get(ref);
  if (!current) throw new GitHubError(422, 'Reference does not exist');
  if (!repo.store.commit(sha)) throw new GitHubError(422, 'Object does not exist');
  if (!context.body.force && !repo.store.isAncestor(current, sha))
    throw new GitHubError(422, 'Update is not a fast forward');
  context.state.setRef(repo, ref, sha);
  return { status: 200, body: refJson(context, repo, ref, sha) };
};

const deleteRef: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const ref = qualified(context);
  if (!repo.refs.has(ref)) throw new GitHubError(422, 'Reference does not exist');
  context.state.setRef(repo, ref, undefined);
  return { status: 204 };
};

const getCommit: RestHandler = (context) => {
  const repo = repoFor(context);
  return { status: 200, body: gitCommitJson(context, repo, context.params.commit_sha!) };
};

const createCommit: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const body = context.body as {
    message: string;
    tree: string;
    parents?: string[];
    author?: { name: string; email: string; date?: string };
    committer?: { name: string; email: string; date?: string };
  };
  if (!repo.store.tree(body.tree)) throw new GitHubError(422, 'Tree SHA does not exist');
  for (const parent of body.parents ?? []) {
    if (!repo.store.commit(parent))
      throw new GitHubError(422, 'Parent SHA does not exist or is not a commit object');
  }
  const fallback = context.state.signature(context.login);
  const author = { ...fallback, ...body.author, date: body.author?.date ?? fallback.date };
  const committer = body.committer
    ? { ...fallback, ...body.committer, date: body.committer.date ?? fallback.date }
    : author;
  const sha = repo.store.putCommit({
    tree: body.tree,
    parents: body.parents ?? [],
    message: body.message,
    author,
    committer,
  });
  return { status: 201, body: gitCommitJson(context, repo, sha) };
};

function treeEntryJson(
  context: RestContext,
  repo: Repository,
  path: string,
  entry: TreeEntry,
): Record<string, unknown> {
  const { api } = repoUrls(context, repo);
  const json: Record<string, unknown> = {
    path,
    mode: entry.mode,
    type: entry.type,
    sha: entry.sha,
    url: `${api}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`,
  };
  if (entry.type === 'blob') json.size = repo.store.blob(entry.sha)?.content.length ?? 0;
  if (entry.type === 'commit') delete json.url;
  return json;
}

function treeJson(
  context: RestContext,
  repo: Repository,
  sha: string,
  recursive: boolean,
): Record<string, unknown> {
  const tree = repo.store.tree(sha);
  if (!tree) throw new GitHubError(404, 'Not Found');
  const entries: Record<string, unknown>[] = [];
  const walk = (treeSha: string, prefix: string) => {
    for (const entry of repo.store.tree(treeSha)!.entries) {
      entries.push(treeEntryJson(context, repo, prefix + entry.name, entry));
      if (recursive && entry.type === 'tree') walk(entry.sha, `${prefix}${entry.name}/`);
    }
  };
  walk(sha, '');
  const { api } = repoUrls(context, repo);
  return { sha, url: `${api}/git/trees/${sha}`, tree: entries, truncated: false };
}

const getTree: RestHandler = (context) => {
  const repo = repoFor(context);
  let sha = context.params.tree_sha!;
  // GitHub accepts a commit sha or a branch name here too.
  const commitSha = repo.store.commit(sha) ? sha : context.state.resolveRef(repo, sha);
  if (!repo.store.tree(sha) && commitSha) sha = repo.store.commit(commitSha)!.tree;
  const recursive =
    context.query.recursive !== undefined &&
    context.query.recursive !== '0' &&
    context.query.recursive !== 'false';
  return { status: 200, body: treeJson(context, repo, sha, recursive) };
};

const createTree: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const body = context.body as {
    base_tree?: string;
    tree: { path?: string; mode?: string; type?: string; sha?: string | null; content?: string }[];
  };
  let files: FileMap = new Map();
  if (body.base_tree) {
    if (!repo.store.tree(body.base_tree)) throw new GitHubError(422, 'base_tree is not a valid tree oid');
    files = repo.store.flatten(body.base_tree);
  }
  for (const item of body.tree) {
    const path = item.path!;
    if (item.type === 'tree') {
      // Replacing a directory by a tree sha: drop old files below it, graft the tree's files.
      for (const existing of [...files.keys()]) if (existing.startsWith(`${path}/`)) files.delete(existing);
      if (item.sha)
        for (const [sub, value] of repo.store.flatten(item.sha)) files.set(`${path}/${sub}`, value);
      continue;
    }
    if (item.sha === null) {
      if (!files.delete(path)) {
        for (const existing of [...files.keys()]) if (existing.startsWith(`${path}/`)) files.delete(existing);
      }
      continue;
    }
    let sha = item.sha;
    if (item.content !== undefined) sha = repo.store.putBlob(item.content);
    if (!sha || (item.type !== 'commit' && !repo.store.blob(sha))) {
      throw new GitHubError(422, `Invalid tree info: sha for ${path} does not exist`);
    }
    files.set(path, { mode: item.mode ?? '100644', sha });
  }
  const sha = repo.store.buildTree(files);
  return { status: 201, body: treeJson(context, repo, sha, false) };
};

const getBlob: RestHandler = (context) => {
  const repo = repoFor(context);
  const sha = context.params.file_sha!;
  const blob = repo.store.blob(sha);
  if (!blob) throw new GitHubError(404, 'Not Found');
  const { api } = repoUrls(context, repo);
  return {
    status: 200,
    body: {
      content: `${blob.content.toString('base64').replace(/(.{60})/g, '$1\n')}\n`,
      encoding: 'base64',
      url: `${api}/git/blobs/${sha}`,
      sha,
      size: blob.content.length,
      node_id: nodeId('B', repo.id, sha),
    },
  };
};

const createBlob: RestHandler = (context) => {
  const repo = repoFor(context, 'write');
  const { content, encoding } = context.body as { content: string; encoding?: string };
  let buffer: Buffer;
  if (encoding === 'base64') buffer = Buffer.from(content, 'base64');
  else if (encoding === undefined || encoding === 'utf-8' || encoding === 'utf8')
    buffer = Buffer.from(content, 'utf8');
  else throw new GitHubError(422, `encoding must be one of utf-8 or base64, got ${encoding}`);
  const sha = repo.store.putBlob(buffer);
  const { api } = repoUrls(context, repo);
  return {
    status: 201,
    body: { url: `${api}/git/blobs/${sha}`, sha },
    headers: { location: `${api}/git/blobs/${sha}` },
  };
};

export const gitHandlers: Record<string, RestHandler> = {
  'git/get-ref': getRef,
  'git/create-ref': createRef,
  'git/update-ref': updateRef,
  'git/delete-ref': deleteRef,
  'git/get-commit': getCommit,
  'git/create-commit': createCommit,
  'git/get-tree': getTree,
  'git/create-tree': createTree,
  'git/get-blob': getBlob,
  'git/create-blob': createBlob,
};

import { createHash } from 'node:crypto';

/** Git objects with real git object ids (SHA-1 of the canonical encoding), so shas look and behave like GitHub's. */
export interface Blob {
  type: 'blob';
  content: Buffer;
}
export interface TreeEntry {
  name: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}
export interface Tree {
  type: 'tree';
  entries: TreeEntry[];
}
export interface Signature {
  name: string;
  email: string;
  date: string;
}
export interface Commit {
  type: 'commit';
  tree: string;
  parents: string[];
  message: string;
  author: Signature;
  committer: Signature;
}
export type GitObject = Blob | Tree | Commit;

/** A flattened tree: file path → mode and blob sha. */
export type FileMap = Map<string, { mode: string; sha: string }>;

/** The object as git stores it: `<type> <length>\0<body>` (a loose object is this, zlib-deflated). */
export function objectBytes(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
}

function hashObject(type: string, body: Buffer): string {
  return createHash('sha1').update(objectBytes(type, body)).digest('hex');
}

function signatureLine(sig: Signature): string {
  const seconds = Math.floor(new Date(sig.date).getTime() / 1000);
  return `${sig.name} <${sig.email}> ${seconds} +0000`;
}

function treeSortKey(entry: TreeEntry): string {
  return entry.type === 'tree' ? `${entry.name}/` : entry.name;
}

function treeBody(sorted: TreeEntry[]): Buffer {
  return Buffer.concat(
    sorted.flatMap((entry) => [
      Buffer.from(`${entry.mode === '040000' ? '40000' : entry.mode} ${entry.name}\0`),
      Buffer.from(entry.sha, 'hex'),
    ]),
  );
}

function commitBody(commit: Omit<Commit, 'type'>): Buffer {
  const lines = [`tree ${commit.tree}`, ...commit.parents.map((parent) => `parent ${parent}`)];
  lines.push(`author ${signatureLine(commit.author)}`, `committer ${signatureLine(commit.committer)}`);
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`);
}

/** The canonical encoding of an object, whose SHA-1 is its id: what `git cat-file <type> <sha>` prints. */
export function encodeObject(object: GitObject): { type: GitObject['type']; body: Buffer } {
  if (object.type === 'blob') return { type: 'blob', body: object.content };
  if (object.type === 'tree') return { type: 'tree', body: treeBody(object.entries) };
  return { type: 'commit', body: commitBody(object) };
}

export class ObjectStore {
  readonly objects = new Map<string, GitObject>();

  has(sha: string): boolean {
    return this.objects.has(sha);
  }

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  blob(sha: string): Blob | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'blob' ? object : undefined;
  }

  tree(sha: string): Tree | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'tree' ? object : undefined;
  }

  commit(sha: string): Commit | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'commit' ? object : undefined;
  }

  putBlob(content: Buffer | string): string {
    const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sha = hashObject('blob', buffer);
    this.objects.set(sha, { type: 'blob', content: buffer });
    return sha;
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => (treeSortKey(a) < treeSortKey(b) ? -1 : 1));
    const sha = hashObject('tree', treeBody(sorted));
    this.objects.set(sha, { type: 'tree', entries: sorted });
    return sha;
  }

  putCommit(commit: Omit<Commit, 'type'>): string {
    const sha = hashObject('commit', commitBody(commit));
    this.objects.set(sha, { type: 'commit', ...commit });
    return sha;
  }

  /** Every file under a tree, with full paths. */
  flatten(treeSha: string, prefix = '', out: FileMap = new Map()): FileMap {
    const tree = this.tree(treeSha);
    if (!tree) throw new Error(`No tree ${treeSha}`);
    for (const entry of tree.entries) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') this.flatten(entry.sha, `${path}/`, out);
      else out.set(path, { mode: entry.mode, sha: entry.sha });
    }
    return out;
  }

  /** Builds nested trees from a flat file map; returns the root tree sha. */
  buildTree(files: FileMap): string {
    interface Dir {
      files: TreeEntry[];
      dirs: Map<string, Dir>;
    }
    const root: Dir = { files: [], dirs: new Map() };
    for (const [path, { mode, sha }] of files) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part);
        if (!next) {
          next = { files: [], dirs: new Map() };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      const name = parts[parts.length - 1]!;
      dir.files.push({ name, mode, type: mode === '160000' ? 'commit' : 'blob', sha });
    }
    const write = (dir: Dir): string =>
      this.putTree([
        ...dir.files,
        ...[...dir.dirs].map(([name, sub]): TreeEntry => ({
          name,
          mode: '040000',
          type: 'tree',
          sha: write(sub),
        })),
      ]);
    return write(root);
  }

  /** Finds the entry at a path inside a tree ('' is the tree itself). */
  lookup(treeSha: string, path: string): TreeEntry | undefined {
    const parts = path.split('/').filter(Boolean);
    let entry: TreeEntry = { name: '', mode: '040000', type: 'tree', sha: treeSha };
    for (const part of parts) {
      const tree = entry.type === 'tree' ? this.tree(entry.sha) : undefined;
      const next = tree?.entries.find((candidate) => candidate.name === part);
      if (!next) return undefined;
      entry = next;
    }
    return entry;
  }

  /** Commits reachable from a commit (itself included), nearest first. */
  ancestors(sha: string): string[] {
    const seen = new Set<string>();
    const queue = [sha];
    const order: string[] = [];
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      order.push(current);
      queue.push(...(this.commit(current)?.parents ?? []));
    }
    return order;
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).includes(ancestor);
  }

  mergeBase(a: string, b: string): string | undefined {
    const ofA = new Set(this.ancestors(a));
    return this.ancestors(b).find((sha) => ofA.has(sha));
  }
}

export interface FileChange {
  filename: string;
  status: 'added' | 'removed' | 'modified';
  before?: string;
  after?: string;
}

/** Files that differ between two trees, sorted by path. */
export function diffTrees(store: ObjectStore, baseTree: string, headTree: string): FileChange[] {
  const before = store.flatten(baseTree);
  const after = store.flatten(headTree);
  const changes: FileChange[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(path)?.sha;
    const b = after.get(path)?.sha;
    if (a === b) continue;
    changes.push({
      filename: path,
      status: a === undefined ? 'added' : b === undefined ? 'removed' : 'modified',
      before: a,
      after: b,
    });
  }
  return changes.sort((x, y) => (x.filename < y.filename ? -1 : 1));
}

/** Three-way file-level merge; undefined when both sides changed the same file differently. */
export function mergeFileMaps(base: FileMap, ours: FileMap, theirs: FileMap): FileMap | undefined {
  const result: FileMap = new Map();
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const b = base.get(path);
    const o = ours.get(path);
    const t = theirs.get(path);
    let pick: typeof b;
    if (o?.sha === t?.sha) pick = o;
    else if (o?.sha === b?.sha) pick = t;
    else if (t?.sha === b?.sha) pick = o;
    else return undefined;
    if (pick) result.set(path, pick);
  }
  return result;
}

export interface LineDiff {
  additions: number;
  deletions: number;
  patch?: string;
}

/** Unified diff of two texts (3 lines of context), as GitHub shows in `patch`. */
export function lineDiff(before: string, after: string): LineDiff {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  if (a.length * b.length > 4_000_000) {
    return { additions: b.length, deletions: a.length };
  }
  // LCS table from the end.
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] =
        a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i]!, ai: i++, bi: j++ });
    else if (i < n && (j >= m || table[i + 1]![j]! >= table[i]![j + 1]!))
      ops.push({ kind: '-', text: a[i]!, ai: i++, bi: j });
    else ops.push({ kind: '+', text: b[j]!, ai: i, bi: j++ });
  }
  const additions = ops.filter((op) => op.kind === '+').length;
  const deletions = ops.filter((op) => op.kind === '-').length;
  if (additions + deletions === 0) return { additions, deletions, patch: '' };
  // Group changes into hunks with 3 lines of context.
  const hunks: string[] = [];
  let index = 0;
  while (index < ops.length) {
    if (ops[index]!.kind === ' ') {
      index++;
      continue;
    }
    let start = Math.max(0, index - 3);
    while (start > 0 && ops[start - 1]!.kind !== ' ') start--;
    let end = index;
    let quiet = 0;
    while (end < ops.length && quiet < 7) {
      quiet = ops[end]!.kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    if (quiet > 3) end -= quiet - 3;
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = oldCount === 0 ? slice[0]!.ai : slice[0]!.ai + 1;
    const newStart = newCount === 0 ? slice[0]!.bi : slice[0]!.bi + 1;
    const range = (start: number, count: number) => (count === 1 ? `${start}` : `${start},${count}`);
    hunks.push(
      `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${slice.map((op) => op.kind + op.text).join('\n')}`,
    );
    index = end;
  }
  return { additions, deletions, patch: hunks.join('\n') };
}

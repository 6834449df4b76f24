/**
 * The emulator's repositories as bare git repositories on disk, for a git server to serve over smart HTTP:
 * every object of a repository is written as a loose object with the same id (the emulator's object ids are
 * real SHA-1s of git's encoding), and every branch and tag as a loose ref, HEAD naming the default branch.
 * `sync(name)` brings one repository up to date (only objects not written before), so a pull request merged
 * in the emulator is, after the next sync, exactly the commit a git client fetches.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { encodeObject, objectBytes } from './git-objects.js';
import type { GitHubState, Repository } from './state.js';

export class GitExport {
  /** Object ids already on disk, per repository path. */
  private readonly written = new Map<string, Set<string>>();

  constructor(
    private readonly state: GitHubState,
    /** Directory holding `<owner>/<name>.git`. */
    readonly root: string,
  ) {}

  /** The emulator's repository `owner/name` (case-insensitive), or undefined. */
  repository(fullName: string): Repository | undefined {
    return this.state.repos.get(fullName.toLowerCase());
  }

  /** Path of the bare repository of `repo` (created on first use). */
  path(repo: Repository): string {
    return join(this.root, repo.owner, `${repo.name}.git`);
  }

  /** Writes the repository's new objects and its current refs; returns the bare repository's path. */
  sync(repo: Repository): string {
    const path = this.path(repo);
    let written = this.written.get(path);
    if (!written) {
      written = new Set();
      this.written.set(path, written);
      for (const dir of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags']) {
        mkdirSync(join(path, dir), { recursive: true });
      }
      // Read-only: a push goes through the API (the emulator), never into this copy.
      writeFileSync(
        join(path, 'config'),
        '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n' +
          '[http]\n\treceivepack = false\n[uploadpack]\n\tallowAnySHA1InWant = true\n',
      );
    }
    for (const [sha, object] of repo.store.objects) {
      if (written.has(sha)) continue;
      const file = join(path, 'objects', sha.slice(0, 2), sha.slice(2));
      if (!existsSync(file)) {
        const { type, body } = encodeObject(object);
        mkdirSync(dirname(file), { recursive: true });
        // Under a temporary name, then renamed: a concurrent fetch never reads half an object.
        writeFileSync(`${file}.tmp`, deflateSync(objectBytes(type, body)));
        renameSync(`${file}.tmp`, file);
      }
      written.add(sha);
    }
    this.writeRefs(path, repo);
    return path;
  }

  private writeRefs(path: string, repo: Repository): void {
    const wanted = new Map<string, string>();
    for (const [ref, sha] of repo.refs) {
      if (/^refs\/(heads|tags)\/./.test(ref) && repo.store.has(sha)) wanted.set(ref, sha);
    }
    // Refs the emulator no longer has (a deleted branch) disappear here too.
    const existing = (dir: string, prefix: string): string[] =>
      existsSync(dir)
        ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
            entry.isDirectory()
              ? existing(join(dir, entry.name), `${prefix}${entry.name}/`)
              : [`${prefix}${entry.name}`],
          )
        : [];
    for (const ref of [
      ...existing(join(path, 'refs/heads'), 'refs/heads/'),
      ...existing(join(path, 'refs/tags'), 'refs/tags/'),
    ]) {
      if (!wanted.has(ref)) {
        rmSync(join(path, ref), { force: true });
        removeEmptyParents(join(path, ref), join(path, 'refs'));
      }
    }
    for (const [ref, sha] of wanted) {
      const file = join(path, ref);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${sha}\n`);
    }
    writeFileSync(join(path, 'HEAD'), `ref: refs/heads/${repo.defaultBranch}\n`);
  }
}

function removeEmptyParents(file: string, stop: string): void {
  for (let dir = dirname(file); dir.startsWith(stop) && dir !== stop; dir = dirname(dir)) {
    if (readdirSync(dir).length > 0 || /\/refs\/(heads|tags)$/.test(dir)) return;
    rmdirSync(dir);
  }
}

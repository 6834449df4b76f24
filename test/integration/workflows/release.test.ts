// The release path with real git: a tagged tree references this repository only at its own tag.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/run-action.js';
import { OWN_REPOSITORY } from './workflow-files.js';

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const release = (version: string) =>
  spawnSync(process.execPath, [join(repo, 'scripts', 'release.mjs'), version], {
    cwd: repo,
    encoding: 'utf8',
  });
const ownRefsAt = (treeish: string) =>
  git('grep', '-h', '-o', '-E', `${OWN_REPOSITORY}/[A-Za-z0-9_./-]+@[A-Za-z0-9_./-]+`, treeish, '--')
    .split('\n')
    .map((line) => line.replace(/^[^:]+:/, ''));

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'release-'));
  for (const path of ['.github', 'examples', 'README.md', 'scripts/set-ref.mjs', 'scripts/release.mjs']) {
    cpSync(join(REPO_ROOT, path), join(repo, path), { recursive: true });
  }
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'test');
  git('config', 'user.email', 'test@example.com');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'main');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('scripts/release.mjs', () => {
  it('tags a commit whose workflows, examples and README reference only the tag; main keeps @main', () => {
    const before = git('rev-parse', 'HEAD');
    const mainRefs = ownRefsAt('HEAD');
    expect(mainRefs.filter((ref) => ref.endsWith('@main')).length).toBeGreaterThanOrEqual(9);

    const result = release('v9.8.7');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const tagged = ownRefsAt('v9.8.7');
    expect(tagged.length).toBe(mainRefs.length);
    expect(tagged.filter((ref) => !ref.endsWith('@v9.8.7'))).toEqual([]);
    expect(
      spawnSync('git', ['grep', '-n', '-E', `${OWN_REPOSITORY}/\\S+@main`, 'v9.8.7'], { cwd: repo }).status,
    ).toBe(1);
    expect(git('rev-parse', 'v9.8.7^')).toBe(before);
    expect(git('cat-file', '-t', 'v9.8.7')).toBe('tag');

    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git('rev-parse', 'HEAD')).toBe(before);
    expect(git('status', '--porcelain')).toBe('');
    git('checkout', '--quiet', 'v9.8.7');
    const check = spawnSync(process.execPath, ['scripts/set-ref.mjs', 'v9.8.7', '--check'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(check.status).toBe(0);
  });

  it('refuses a dirty tree, an existing tag and a version that is not a tag', () => {
    expect(release('1.2').stderr).toContain("'1.2' is not a version tag like v1.2.0.");
    writeFileSync(join(repo, 'README.md'), 'changed\n');
    const dirty = release('v1.0.0');
    expect(dirty.status).toBe(1);
    expect(dirty.stderr).toContain('uncommitted changes');
    git('checkout', '--', 'README.md');
    git('tag', 'v1.0.0');
    expect(release('v1.0.0').stderr).toContain('tag v1.0.0 exists already.');
    expect(git('tag', '--list')).toBe('v1.0.0');
  });
});

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { staleDist } from '../../../scripts/lib/stale-dist.mjs';

describe('staleDist (npm test rebuilds dist/ when it is older than its inputs)', () => {
  let root: string;
  const write = (path: string, seconds: number) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, path);
    utimesSync(file, seconds, seconds);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stale-dist-'));
    write('src/actions/a/index.ts', 100);
    write('src/actions/b/index.ts', 100);
    write('src/lib/x.ts', 100);
    write('package-lock.json', 100);
    write('scripts/build.mjs', 100);
    write('dist/a/index.js', 200);
    write('dist/b/index.js', 300);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is fresh when every bundle is newer than every input', () => {
    expect(staleDist(root)).toBeUndefined();
  });

  it('names the newer source file and the older bundle', () => {
    write('src/lib/x.ts', 250);
    expect(staleDist(root)).toBe('src/lib/x.ts is newer than dist/a/index.js');
  });

  it('rebuilds after a dependency or build script change', () => {
    write('package-lock.json', 201);
    expect(staleDist(root)).toBe('package-lock.json is newer than dist/a/index.js');
    write('package-lock.json', 100);
    write('scripts/build.mjs', 201);
    expect(staleDist(root)).toBe('scripts/build.mjs is newer than dist/a/index.js');
  });

  it('rebuilds when an action has no bundle yet', () => {
    write('src/actions/c/index.ts', 100);
    expect(staleDist(root)).toBe('dist/c/index.js is missing');
  });
});

describe('staleDist in an unchanged git checkout (a fresh clone: file times say nothing)', () => {
  let root: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root });
  const write = (path: string, text: string, seconds: number) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    utimesSync(file, seconds, seconds);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stale-dist-git-'));
    git('init', '-q');
    // Checked out in an order that makes every source newer than the bundles.
    write('dist/a/index.js', 'bundle', 100);
    write('src/actions/a/index.ts', 'source', 200);
    git('add', '.');
    git('commit', '-qm', 'src and dist together');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('trusts dist/ committed with or after its sources', () => {
    expect(staleDist(root)).toBeUndefined();
  });

  it('rebuilds when a later commit changed the sources but not dist/', () => {
    write('src/actions/a/index.ts', 'changed source', 300);
    git('commit', '-qam', 'src only');
    expect(staleDist(root)).toMatch(
      /^commit [0-9a-f]{12} changed the sources after dist\/ was last committed$/,
    );
  });

  it('once rebuilt here, an input commit that left the bundles unchanged does not rebuild again', () => {
    write('package-lock.json', '{}', 300);
    git('add', '.');
    git('commit', '-qm', 'lock file only');
    expect(staleDist(root)).toMatch(/^commit [0-9a-f]{12} changed the sources/);
    write('dist/a/index.js', 'bundle', 400); // the rebuild wrote identical bundles
    expect(staleDist(root)).toBeUndefined();
  });

  it('falls back to file times once the checkout has changes', () => {
    write('src/actions/a/index.ts', 'edited, not committed', 300);
    expect(staleDist(root)).toBe('src/actions/a/index.ts is newer than dist/a/index.js');
  });
});

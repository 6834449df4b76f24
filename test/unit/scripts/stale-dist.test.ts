import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
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

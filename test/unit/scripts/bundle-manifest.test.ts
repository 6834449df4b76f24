import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleDrift, sourceFiles, writeManifest } from '../../../scripts/lib/bundle-manifest.mjs';

describe('bundle manifests (check-dist without a rebuild)', () => {
  let root: string;
  const write = (path: string, text: string) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'bundle-manifest-'));
    write('src/actions/a/index.ts', "import { x } from '../../lib/x.js';\nconsole.log(x);\n");
    write('src/lib/x.ts', 'export const x = 1;\n');
    write('src/lib/unused.ts', 'export const y = 2;\n');
    write('package-lock.json', '{}\n');
    write('tsconfig.json', '{}\n');
    write('scripts/build.mjs', '// build\n');
    write('dist/a/index.js', 'console.log(1);\n');
    write('dist/a/package.json', '{"type":"module"}\n');
    await writeManifest(root, 'a');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists the sources the entry imports, through .js specifiers of .ts files', async () => {
    expect(await sourceFiles(root, 'a')).toEqual(['src/actions/a/index.ts', 'src/lib/x.ts']);
  });

  it('is current right after the build', async () => {
    expect(await bundleDrift(root, 'a')).toBeUndefined();
  });

  it('is stale when an imported source changes, not when an unrelated one does', async () => {
    write('src/lib/unused.ts', 'export const y = 3;\n');
    expect(await bundleDrift(root, 'a')).toBeUndefined();
    write('src/lib/x.ts', 'export const x = 2;\n');
    expect(await bundleDrift(root, 'a')).toBe(
      'src/actions/a or what it imports changed since dist/a was built',
    );
  });

  it('is stale when the lock file or the build script changes', async () => {
    write('package-lock.json', '{"lockfileVersion":3}\n');
    expect(await bundleDrift(root, 'a')).toMatch(/changed since dist\/a was built/);
    write('package-lock.json', '{}\n');
    write('scripts/build.mjs', '// build, changed\n');
    expect(await bundleDrift(root, 'a')).toMatch(/changed since dist\/a was built/);
  });

  it('names a bundle file that was edited, added or removed by hand', async () => {
    write('dist/a/index.js', 'console.log(2);\n');
    expect(await bundleDrift(root, 'a')).toBe('dist/a/index.js differs from what the build wrote');
    write('dist/a/index.js', 'console.log(1);\n');
    write('dist/a/1.index.js', '');
    expect(await bundleDrift(root, 'a')).toBe('dist/a/1.index.js was not written by the build');
    unlinkSync(join(root, 'dist/a/1.index.js'));
    unlinkSync(join(root, 'dist/a/package.json'));
    expect(await bundleDrift(root, 'a')).toBe('dist/a/package.json is missing');
    unlinkSync(join(root, 'dist/a/inputs.sha256'));
    expect(await bundleDrift(root, 'a')).toBe('dist/a/inputs.sha256 is missing');
  });
});

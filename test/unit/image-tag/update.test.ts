import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateLocalFiles, planImageTagUpdate } from '../../../src/image-tag/update.js';

let dir: string;
function checkout(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'image-tag-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('updateLocalFiles', () => {
  it('expands globs, writes the changed files and reports old tags', async () => {
    const root = checkout({
      'charts/api/values/dev-image-tag.yaml': 'image:\n  tag: v1\n',
      'charts/api/values/prod-image-tag.yaml': 'image:\n  tag: v2\n',
      'charts/api/values/other.txt': 'x',
    });
    const plan = await updateLocalFiles(root, ['charts/*/values/*-image-tag.yaml'], {
      values: { tag: 'v2' },
    });
    expect(plan.changedFiles).toEqual(['charts/api/values/dev-image-tag.yaml']);
    expect(plan.oldTags).toEqual({
      'charts/api/values/dev-image-tag.yaml': 'v1',
      'charts/api/values/prod-image-tag.yaml': 'v2',
    });
    expect(readFileSync(join(root, 'charts/api/values/dev-image-tag.yaml'), 'utf8')).toBe(
      'image:\n  tag: v2\n',
    );
    expect(readdirSync(join(root, 'charts/api/values')).sort()).toEqual([
      'dev-image-tag.yaml',
      'other.txt',
      'prod-image-tag.yaml',
    ]);
  });

  it('writes nothing when one of several files fails', async () => {
    const root = checkout({ 'a.yaml': 'image:\n  tag: v1\n', 'b.yaml': 'image:\n  repository: x\n' });
    await expect(updateLocalFiles(root, ['a.yaml', 'b.yaml'], { values: { tag: 'v2' } })).rejects.toThrow(
      /b\.yaml: key 'image\.tag' not found: 'image' has keys 'repository'/,
    );
    expect(readFileSync(join(root, 'a.yaml'), 'utf8')).toBe('image:\n  tag: v1\n');
  });

  it('names a missing file, a glob matching nothing, and a path leaving the root', async () => {
    const root = checkout({ 'a.yaml': 'image:\n  tag: v1\n' });
    await expect(updateLocalFiles(root, ['missing.yaml'], { values: { tag: 'v2' } })).rejects.toThrow(
      "Input 'files': 'missing.yaml' does not exist",
    );
    await expect(updateLocalFiles(root, ['envs/*.yaml'], { values: { tag: 'v2' } })).rejects.toThrow(
      "the glob 'envs/*.yaml' matches no file",
    );
    await expect(updateLocalFiles(root, ['../a.yaml'], { values: { tag: 'v2' } })).rejects.toThrow(
      /stay inside it/,
    );
  });

  it('refuses a file that is not UTF-8', async () => {
    const root = checkout({});
    writeFileSync(join(root, 'latin1.yaml'), Buffer.from('image:\n  tag: v1 # caf\xe9\n', 'latin1'));
    await expect(updateLocalFiles(root, ['latin1.yaml'], { values: { tag: 'v2' } })).rejects.toThrow(
      /not UTF-8/,
    );
  });
});

describe('planImageTagUpdate', () => {
  it('reports a missing file', () => {
    expect(() => planImageTagUpdate([{ path: 'x.yaml', text: null }], { values: { tag: 'v1' } })).toThrow(
      /'x\.yaml' does not exist/,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { lineDiff, ObjectStore } from '../../harness/github/git-objects.js';
import { describeWithTools } from '../../harness/tools.js';

describe('emulator line diff', () => {
  it('produces GitHub-style unified hunks with three lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', '');
    const diff = lineDiff(before, after);
    expect(diff).toEqual({
      additions: 1,
      deletions: 2,
      patch: [
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+line two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -15,6 +15,5 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        ' line 19',
        ' line 20',
      ].join('\n'),
    });
    expect(lineDiff('', 'a\nb\n')).toEqual({ additions: 2, deletions: 0, patch: '@@ -0,0 +1,2 @@\n+a\n+b' });
    expect(lineDiff('same\n', 'same\n')).toEqual({ additions: 0, deletions: 0, patch: '' });
  });
});

describeWithTools(['git'], 'emulator git objects', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-git-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('computes the same blob, tree and commit ids as git', () => {
    const files: Record<string, string> = {
      'README.md': '# x\n',
      'apps/web/values.yaml': 'tag: v1\n',
      'apps/web-extra.txt': 'sorts after the apps/web tree\n',
      'apps.txt': 'a file next to a directory\n',
    };
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'octo',
          GIT_AUTHOR_EMAIL: 'octo@example.com',
          GIT_AUTHOR_DATE: '1700000000 +0000',
          GIT_COMMITTER_NAME: 'octo',
          GIT_COMMITTER_EMAIL: 'octo@example.com',
          GIT_COMMITTER_DATE: '1700000000 +0000',
        },
      }).trim();
    git('init', '-q');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    git('add', '.');
    const gitTree = git('write-tree');
    const gitCommit = git('commit-tree', gitTree, '-m', 'Initial commit');

    const store = new ObjectStore();
    const tree = store.buildTree(
      new Map(
        Object.entries(files).map(([path, content]) => [
          path,
          { mode: '100644', sha: store.putBlob(content) },
        ]),
      ),
    );
    expect(tree).toBe(gitTree);
    const signature = {
      name: 'octo',
      email: 'octo@example.com',
      date: new Date(1_700_000_000_000).toISOString(),
    };
    const commit = store.putCommit({
      tree,
      parents: [],
      message: 'Initial commit\n',
      author: signature,
      committer: signature,
    });
    expect(commit).toBe(gitCommit);
    expect(store.putBlob('tag: v1\n')).toBe(git('hash-object', 'apps/web/values.yaml'));
  });
});

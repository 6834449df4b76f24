import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startGitServer, SERVICE_TOOLS, type GitServer } from '../../harness/services.js';
import { tempDir } from '../../harness/service-process.js';
import { describeWithTools } from '../../harness/tools.js';

const exec = promisify(execFile);
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};
const git = async (...args: string[]) => (await exec('git', args, { env })).stdout.trim();

describeWithTools([...SERVICE_TOOLS.git], 'git HTTP server', () => {
  let server: GitServer;
  let secured: GitServer;
  const work = tempDir('git-client');

  beforeAll(async () => {
    server = await startGitServer();
    secured = await startGitServer({ auth: { username: 'x-access-token', password: 'ghs_test' } });
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), secured?.stop()]);
    rmSync(work, { recursive: true, force: true });
  });

  it('serves a seeded repository for clone, and takes a push', async () => {
    const repo = await server.createBareRepo('org/manifests', {
      'apps/web/values.yaml': 'image:\n  tag: v1\n',
      'README.md': '# manifests\n',
    });
    expect(repo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/org\/manifests\.git$/);
    const clone = join(work, 'clone');
    await git('clone', '--quiet', repo.url, clone);
    expect(readFileSync(join(clone, 'apps/web/values.yaml'), 'utf8')).toBe('image:\n  tag: v1\n');
    writeFileSync(join(clone, 'apps/web/values.yaml'), 'image:\n  tag: v2\n');
    await git('-C', clone, 'commit', '--quiet', '-am', 'Bump web to v2');
    await git('-C', clone, 'push', '--quiet', 'origin', 'main:main', 'main:refs/heads/bump');
    expect(await git('-C', repo.path, 'show', 'main:apps/web/values.yaml')).toBe('image:\n  tag: v2');
    expect(await git('-C', repo.path, 'rev-parse', 'bump')).toBe(await git('-C', clone, 'rev-parse', 'HEAD'));
  });

  it('creates an empty repository that accepts a first push', async () => {
    const repo = await server.createBareRepo('empty');
    const local = join(work, 'empty');
    await git('init', '--quiet', '--initial-branch=main', local);
    writeFileSync(join(local, 'a.txt'), 'a\n');
    await git('-C', local, 'add', 'a.txt');
    await git('-C', local, 'commit', '--quiet', '-m', 'first');
    await git('-C', local, 'push', '--quiet', repo.url, 'main');
    expect(await git('ls-remote', repo.url, 'refs/heads/main')).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main$/);
  });

  it('requires basic auth when started with credentials', async () => {
    const repo = await secured.createBareRepo('private', { 'x.txt': 'x\n' });
    expect(repo.url).toContain('x-access-token:ghs_test@');
    expect(await git('ls-remote', repo.url, 'refs/heads/main')).toContain('refs/heads/main');
    const anonymous = repo.url.replace('x-access-token:ghs_test@', '');
    await expect(git('ls-remote', anonymous)).rejects.toThrow(
      /Authentication failed|could not read Username/,
    );
  });
});

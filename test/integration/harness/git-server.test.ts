import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';
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

  describe('serving the GitHub emulator', () => {
    let github: GitHubEmulator;
    let served: GitServer;
    const REPO = 'acme/manifests';
    beforeAll(async () => {
      github = await startGitHubEmulator({ tokens: { ghs_reader: 'reader', ghs_stranger: 'stranger' } });
      github.state.createRepo(REPO, {
        files: {
          'apps/web/kustomization.yaml': 'images:\n- name: web\n  newTag: v1\n',
          'README.md': '# m\n',
        },
      });
      github.state.setPermission(REPO, 'reader', 'read');
      github.state.createRepo('acme/open-source', { visibility: 'public', files: { 'a.txt': 'a\n' } });
      served = await startGitServer({ github });
    });
    afterAll(async () => {
      await served?.stop();
      await github?.stop();
    });

    it('clones an emulator repository with its commit ids, and fetches a pull request merged in the emulator', async () => {
      const url = served.repoUrl(REPO, 'ghs_reader');
      expect(url).toMatch(/^http:\/\/x-access-token:ghs_reader@127\.0\.0\.1:\d+\/acme\/manifests\.git$/);
      const clone = join(work, 'emulator-clone');
      await git('clone', '--quiet', url, clone);
      expect(await git('-C', clone, 'rev-parse', 'HEAD')).toBe(github.state.getBranchSha(REPO, 'main'));
      expect(readFileSync(join(clone, 'apps/web/kustomization.yaml'), 'utf8')).toContain('newTag: v1');

      github.state.commit(
        REPO,
        'bump',
        { 'apps/web/kustomization.yaml': 'images:\n- name: web\n  newTag: v2\n' },
        'Bump web to v2',
      );
      const pull = github.state.createPullRequest(REPO, { head: 'bump', title: 'Bump web' });
      const merge = github.state.mergePullRequest(REPO, pull.number, { method: 'merge' });
      await git('-C', clone, 'fetch', '--quiet', 'origin');
      expect(await git('-C', clone, 'rev-parse', 'origin/main')).toBe(merge);
      expect(await git('-C', clone, 'rev-parse', 'origin/bump')).toBe(pull.headSha);
      expect(await git('-C', clone, 'log', '-1', '--format=%P%n%s', 'origin/main')).toBe(
        `${pull.baseSha} ${pull.headSha}\nMerge pull request #${pull.number} from acme/bump`,
      );
      expect(await git('-C', clone, 'show', 'origin/main:apps/web/kustomization.yaml')).toContain(
        'newTag: v2',
      );
      // Every object the emulator made is one git accepts as it is (ids, trees, commits).
      await git('-C', clone, 'fsck', '--strict', '--no-dangling');

      // A deleted branch is gone from the served copy too; a new one appears.
      github.state.setRef(github.state.repo(REPO), 'refs/heads/bump', undefined);
      github.state.commit(REPO, 'release', { 'README.md': '# release\n' }, 'Release');
      const refs = await git('ls-remote', url);
      expect(refs).not.toContain('refs/heads/bump');
      expect(refs).toContain(`${github.state.getBranchSha(REPO, 'release')}\trefs/heads/release`);
      expect(refs).toContain(`${merge}\tHEAD`);
    });

    it('refuses what GitHub refuses: no or a bad token (401), a token without access (not found), any push', async () => {
      const anonymous = served.repoUrl(REPO);
      await expect(git('ls-remote', anonymous)).rejects.toThrow(
        /Authentication failed|could not read Username/,
      );
      await expect(git('ls-remote', served.repoUrl(REPO, 'ghs_unknown'))).rejects.toThrow(
        /Authentication failed|could not read Username/,
      );
      await expect(git('ls-remote', served.repoUrl(REPO, 'ghs_stranger'))).rejects.toThrow(/not found|404/);
      const clone = join(work, 'emulator-push');
      await git('clone', '--quiet', served.repoUrl(REPO, github.token), clone);
      writeFileSync(join(clone, 'README.md'), '# changed\n');
      await git('-C', clone, 'commit', '--quiet', '-am', 'change');
      await expect(git('-C', clone, 'push', '--quiet', 'origin', 'HEAD:main')).rejects.toThrow(/403/);
      expect(github.state.readFile(REPO, 'main', 'README.md')).toBe('# m\n');
      // A public repository reads without credentials.
      expect(await git('ls-remote', served.repoUrl('acme/open-source'), 'refs/heads/main')).toBe(
        `${github.state.getBranchSha('acme/open-source', 'main')}\trefs/heads/main`,
      );
    });
  });
});

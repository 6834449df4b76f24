import { describe, expect, it } from '@jest/globals';
import { statusOf, useEmulator } from './setup.js';

const owner = 'acme';
const repo = 'deploy';

describe('GitHub emulator REST', () => {
  const h = useEmulator();

  function seed() {
    return h.github.state.createRepo('acme/deploy', {
      files: {
        'README.md': '# deploy\n',
        'apps/web/values.yaml': 'image:\n  tag: v1\n',
        'apps/api/values.yaml': 'image:\n  tag: v1\n',
      },
    });
  }

  it('serves repositories, the authenticated user and collaborator permissions', async () => {
    seed();
    const { data } = await h.octokit.rest.repos.get({ owner, repo });
    expect(data).toMatchObject({
      full_name: 'acme/deploy',
      default_branch: 'main',
      private: true,
      allow_auto_merge: true,
    });
    expect(data.permissions).toMatchObject({ push: true, admin: false });

    const user = await h.octokit.rest.users.getAuthenticated();
    expect(user.data.login).toBe('github-actions[bot]');
    expect(user.data.type).toBe('Bot');

    h.github.state.setPermission('acme/deploy', 'alice', 'maintain');
    const alice = await h.octokit.rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: 'alice',
    });
    expect(alice.data).toMatchObject({ permission: 'write', role_name: 'maintain' });
    const stranger = await h.octokit.rest.repos.getCollaboratorPermissionLevel({
      owner,
      repo,
      username: 'mallory',
    });
    expect(stranger.data.permission).toBe('none');
  });

  it('authenticates tokens and enforces permissions', async () => {
    seed();
    h.github.state.addToken('reader-token', 'rita');
    h.github.state.setPermission('acme/deploy', 'rita', 'read');
    expect((await statusOf(h.client('nope').rest.repos.get({ owner, repo }))).status).toBe(401);
    const rita = h.client('reader-token');
    expect((await rita.rest.repos.get({ owner, repo })).data.permissions?.push).toBe(false);
    const sha = h.github.state.getBranchSha('acme/deploy', 'main')!;
    const denied = await statusOf(rita.rest.git.createRef({ owner, repo, ref: 'refs/heads/x', sha }));
    expect(denied).toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    // A reader may comment, but not edit someone else's comment.
    h.github.state.commit('acme/deploy', 'y', { 'y.txt': 'y' });
    const { number } = h.github.state.createPullRequest('acme/deploy', { head: 'y' });
    const mine = await rita.rest.issues.createComment({ owner, repo, issue_number: number, body: 'mine' });
    await rita.rest.issues.updateComment({ owner, repo, comment_id: mine.data.id, body: 'still mine' });
    const theirs = h.github.state.addComment('acme/deploy', number, 'theirs', 'alice');
    expect(
      (await statusOf(rita.rest.issues.deleteComment({ owner, repo, comment_id: theirs.id }))).status,
    ).toBe(403);
    h.github.state.addToken('outsider-token', 'olga');
    expect((await statusOf(h.client('outsider-token').rest.repos.get({ owner, repo }))).status).toBe(404);
    expect(h.github.calls.log.filter((call) => call.status === 401)).toEqual([
      { method: 'GET', path: '/repos/acme/deploy', operation: 'repos/get', status: 401 },
    ]);
  });

  it('reads files and directories with repos/get-content', async () => {
    seed();
    const file = await h.octokit.rest.repos.getContent({ owner, repo, path: 'apps/web/values.yaml' });
    if (Array.isArray(file.data) || file.data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(file.data.content, 'base64').toString()).toBe('image:\n  tag: v1\n');
    expect(file.data.sha).toMatch(/^[0-9a-f]{40}$/);

    const dir = await h.octokit.rest.repos.getContent({ owner, repo, path: 'apps' });
    expect(Array.isArray(dir.data) && dir.data.map((item) => [item.name, item.type])).toEqual([
      ['api', 'dir'],
      ['web', 'dir'],
    ]);
    const root = await h.octokit.rest.repos.getContent({ owner, repo, path: '' });
    expect(Array.isArray(root.data) && root.data.map((item) => item.path)).toEqual(['README.md', 'apps']);

    h.github.state.commit('acme/deploy', 'feature', { 'apps/web/values.yaml': 'image:\n  tag: v2\n' });
    const onBranch = await h.octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'apps/web/values.yaml',
      ref: 'feature',
    });
    expect(Buffer.from((onBranch.data as { content: string }).content, 'base64').toString()).toContain('v2');
    expect(
      (await statusOf(h.octokit.rest.repos.getContent({ owner, repo, path: 'missing.txt' }))).status,
    ).toBe(404);

    // Over 1 MB: no content, as GitHub answers; the blob has it.
    const big = 'x'.repeat(1024 * 1024 + 1);
    h.github.state.commit('acme/deploy', 'main', { 'big.txt': big });
    const large = await h.octokit.rest.repos.getContent({ owner, repo, path: 'big.txt' });
    expect(large.data).toMatchObject({ content: '', encoding: 'none', size: big.length });
    const blob = await h.octokit.rest.git.getBlob({
      owner,
      repo,
      file_sha: (large.data as { sha: string }).sha,
    });
    expect(Buffer.from(blob.data.content, 'base64').toString()).toBe(big);
  });

  it('builds commits with the git data API and moves refs', async () => {
    seed();
    const { git } = h.octokit.rest;
    const ref = await git.getRef({ owner, repo, ref: 'heads/main' });
    expect(ref.data).toMatchObject({ ref: 'refs/heads/main', object: { type: 'commit' } });
    const base = await git.getCommit({ owner, repo, commit_sha: ref.data.object.sha });
    const blob = await git.createBlob({ owner, repo, content: 'tag: v3\n', encoding: 'utf-8' });
    expect(blob.status).toBe(201);
    expect(
      (await git.getBlob({ owner, repo, file_sha: blob.data.sha })).data.content.replace(/\n/g, ''),
    ).toBe(Buffer.from('tag: v3\n').toString('base64'));
    const tree = await git.createTree({
      owner,
      repo,
      base_tree: base.data.tree.sha,
      tree: [
        { path: 'apps/web/values.yaml', mode: '100644', type: 'blob', sha: blob.data.sha },
        { path: 'apps/api/values.yaml', mode: '100644', type: 'blob', sha: null },
        { path: 'NEW.md', mode: '100644', type: 'blob', content: 'new\n' },
      ],
    });
    const commit = await git.createCommit({
      owner,
      repo,
      message: 'Bump web',
      tree: tree.data.sha,
      parents: [base.data.sha],
    });
    expect(commit.data.parents.map((parent) => parent.sha)).toEqual([base.data.sha]);

    await git.createRef({ owner, repo, ref: 'refs/heads/bump', sha: base.data.sha });
    await git.updateRef({ owner, repo, ref: 'heads/bump', sha: commit.data.sha });
    expect(h.github.state.readFile('acme/deploy', 'bump', 'apps/web/values.yaml')).toBe('tag: v3\n');
    expect(h.github.state.readFile('acme/deploy', 'bump', 'apps/api/values.yaml')).toBeUndefined();
    expect(h.github.state.readFile('acme/deploy', 'bump', 'NEW.md')).toBe('new\n');

    const recursive = await git.getTree({ owner, repo, tree_sha: tree.data.sha, recursive: 'true' });
    expect(recursive.data.tree.map((entry) => entry.path)).toEqual([
      'NEW.md',
      'README.md',
      'apps',
      'apps/web',
      'apps/web/values.yaml',
    ]);

    // Not a fast-forward without force; then force it back.
    const rewind = await statusOf(git.updateRef({ owner, repo, ref: 'heads/bump', sha: base.data.sha }));
    expect(rewind).toMatchObject({
      status: 422,
      message: expect.stringContaining('Update is not a fast forward'),
    });
    await git.updateRef({ owner, repo, ref: 'heads/bump', sha: base.data.sha, force: true });
    expect(h.github.state.getBranchSha('acme/deploy', 'bump')).toBe(base.data.sha);

    const exists = await statusOf(git.createRef({ owner, repo, ref: 'refs/heads/bump', sha: base.data.sha }));
    expect(exists).toMatchObject({
      status: 422,
      message: expect.stringContaining('Reference already exists'),
    });
    expect((await git.deleteRef({ owner, repo, ref: 'heads/bump' })).status).toBe(204);
    expect((await statusOf(git.getRef({ owner, repo, ref: 'heads/bump' }))).status).toBe(404);
  });

  it('compares commits with a files list', async () => {
    seed();
    h.github.state.commit('acme/deploy', 'feature', {
      'apps/web/values.yaml': 'image:\n  tag: v2\n',
      'README.md': null,
    });
    const { data } = await h.octokit.rest.repos.compareCommits({
      owner,
      repo,
      base: 'main',
      head: 'feature',
    });
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(data.files?.map((file) => [file.filename, file.status, file.additions, file.deletions])).toEqual([
      ['README.md', 'removed', 0, 1],
      ['apps/web/values.yaml', 'modified', 1, 1],
    ]);
    expect(data.files?.[1]?.patch).toBe('@@ -1,2 +1,2 @@\n image:\n-  tag: v1\n+  tag: v2');
  });

  it('creates, lists, updates and merges pull requests', async () => {
    seed();
    const { pulls } = h.octokit.rest;
    h.github.state.commit('acme/deploy', 'bump-web', { 'apps/web/values.yaml': 'image:\n  tag: v2\n' });
    const created = await pulls.create({
      owner,
      repo,
      head: 'bump-web',
      base: 'main',
      title: 'Bump web',
      body: 'v2',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      state: 'open',
      mergeable: true,
      changed_files: 1,
      additions: 1,
      deletions: 1,
    });
    expect(created.data.node_id).toMatch(/^PR_/);

    const duplicate = await statusOf(
      pulls.create({ owner, repo, head: 'bump-web', base: 'main', title: 'again' }),
    );
    expect(duplicate).toMatchObject({
      status: 422,
      message: expect.stringContaining('A pull request already exists for acme:bump-web'),
    });

    expect(
      (await pulls.list({ owner, repo, head: 'acme:bump-web' })).data.map((pull) => pull.number),
    ).toEqual([1]);
    expect((await pulls.list({ owner, repo, head: 'acme:other' })).data).toEqual([]);
    expect((await pulls.list({ owner, repo, base: 'main', state: 'closed' })).data).toEqual([]);

    await pulls.update({ owner, repo, pull_number: 1, title: 'Bump web to v2' });
    expect((await pulls.get({ owner, repo, pull_number: 1 })).data.title).toBe('Bump web to v2');

    h.github.state.addReview('acme/deploy', 1, { user: 'alice', state: 'APPROVED' });
    const reviews = await pulls.listReviews({ owner, repo, pull_number: 1 });
    expect(reviews.data.map((review) => [review.user?.login, review.state])).toEqual([['alice', 'APPROVED']]);

    const merged = await pulls.merge({ owner, repo, pull_number: 1, merge_method: 'squash' });
    expect(merged.data.merged).toBe(true);
    expect(h.github.state.readFile('acme/deploy', 'main', 'apps/web/values.yaml')).toBe(
      'image:\n  tag: v2\n',
    );
    const after = await pulls.get({ owner, repo, pull_number: 1 });
    expect(after.data).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: merged.data.sha });
    expect((await statusOf(pulls.merge({ owner, repo, pull_number: 1 }))).status).toBe(405);
  });

  it('detects conflicts with a three-way merge', async () => {
    seed();
    h.github.state.commit('acme/deploy', 'a', { 'apps/web/values.yaml': 'image:\n  tag: a\n' });
    h.github.state.commit('acme/deploy', 'main', { 'apps/web/values.yaml': 'image:\n  tag: main\n' });
    const pull = await h.octokit.rest.pulls.create({ owner, repo, head: 'a', base: 'main', title: 'a' });
    expect(pull.data.mergeable).toBe(false);
    expect(pull.data.mergeable_state).toBe('dirty');
    expect(
      (await statusOf(h.octokit.rest.pulls.merge({ owner, repo, pull_number: pull.data.number }))).status,
    ).toBe(405);
  });

  it('lists at most 3000 files of a pull request, from an override', async () => {
    seed();
    h.github.state.commit('acme/deploy', 'x', { 'x.txt': 'x\n' });
    const pull = h.github.state.createPullRequest('acme/deploy', { head: 'x' });
    h.github.state.setPullRequestFiles(
      'acme/deploy',
      pull.number,
      Array.from({ length: 3100 }, (_, i) => ({
        filename: `units/${i}/terragrunt.hcl`,
        status: 'modified' as const,
        additions: 1,
        deletions: 0,
        changes: 1,
        sha: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
      })),
    );
    const files = await h.octokit.paginate(h.octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: pull.number,
      per_page: 100,
    });
    expect(files).toHaveLength(3000);
    expect(h.github.calls.count('pulls/list-files')).toBe(30);
  });

  it('paginates pull request files with Link headers', async () => {
    seed();
    h.github.state.commit(
      'acme/deploy',
      'many',
      Object.fromEntries(
        Array.from({ length: 250 }, (_, i) => [`f/${String(i).padStart(3, '0')}.txt`, `${i}\n`]),
      ),
    );
    const pull = await h.octokit.rest.pulls.create({
      owner,
      repo,
      head: 'many',
      base: 'main',
      title: 'many',
    });
    h.github.calls.reset();
    const files = await h.octokit.paginate(h.octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: pull.data.number,
      per_page: 100,
    });
    expect(files).toHaveLength(250);
    expect(files[249]?.filename).toBe('f/249.txt');
    expect(h.github.calls.count('pulls/list-files')).toBe(3);
  });

  it('lists, creates, updates and deletes issue comments, with labels and reactions', async () => {
    seed();
    const { issues } = h.octokit.rest;
    h.github.state.commit('acme/deploy', 'x', { 'x.txt': 'x\n' });
    const pull = await h.octokit.rest.pulls.create({ owner, repo, head: 'x', base: 'main', title: 'x' });
    const number = pull.data.number;
    for (let i = 0; i < 35; i++) h.github.state.addComment('acme/deploy', number, `comment ${i}`, 'alice');
    const created = await issues.createComment({
      owner,
      repo,
      issue_number: number,
      body: '<!-- marker --> plan',
    });
    expect(created.status).toBe(201);
    const all = await h.octokit.paginate(issues.listComments, {
      owner,
      repo,
      issue_number: number,
      per_page: 10,
    });
    expect(all).toHaveLength(36);
    expect(all[35]?.body).toBe('<!-- marker --> plan');
    expect(all[35]?.user?.login).toBe('github-actions[bot]');

    await issues.updateComment({ owner, repo, comment_id: created.data.id, body: 'updated' });
    expect((await issues.getComment({ owner, repo, comment_id: created.data.id })).data.body).toBe('updated');

    const reaction = await h.octokit.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: created.data.id,
      content: 'rocket',
    });
    expect(reaction.status).toBe(201);
    const again = await h.octokit.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: created.data.id,
      content: 'rocket',
    });
    expect(again.status).toBe(200);
    expect(
      (await issues.getComment({ owner, repo, comment_id: created.data.id })).data.reactions?.rocket,
    ).toBe(1);

    const labels = await issues.addLabels({
      owner,
      repo,
      issue_number: number,
      labels: ['deploy', 'automerge'],
    });
    expect(labels.data.map((label) => label.name)).toEqual(['deploy', 'automerge']);
    expect(
      (await h.octokit.rest.pulls.get({ owner, repo, pull_number: number })).data.labels.map((l) => l.name),
    ).toEqual(['deploy', 'automerge']);

    expect((await issues.deleteComment({ owner, repo, comment_id: created.data.id })).status).toBe(204);
    expect((await statusOf(issues.getComment({ owner, repo, comment_id: created.data.id }))).status).toBe(
      404,
    );

    const issue = h.github.state.createIssue('acme/deploy', 'Plain issue');
    await issues.createComment({ owner, repo, issue_number: issue, body: 'on an issue' });
    expect(h.github.state.comments('acme/deploy', issue).map((c) => c.body)).toEqual(['on an issue']);
  });

  it('creates, lists (by state, label and creator), updates and closes issues with a state reason', async () => {
    seed();
    const { issues } = h.octokit.rest;
    h.github.state.addToken('rita-token', 'rita');
    h.github.state.setPermission('acme/deploy', 'rita', 'read');
    const created = await issues.create({ owner, repo, title: 'Drift', body: 'b1', labels: ['drift'] });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      title: 'Drift',
      body: 'b1',
      state: 'open',
      state_reason: null,
      user: { login: 'github-actions[bot]' },
      labels: [{ name: 'drift' }],
    });
    expect(created.data.html_url).toBe(`https://github.com/acme/deploy/issues/${created.data.number}`);
    // A reader may open an issue, but its labels are dropped, as GitHub drops them.
    const rita = h.client('rita-token');
    const byRita = await rita.rest.issues.create({ owner, repo, title: 'Drift too', labels: ['drift'] });
    expect(byRita.data.labels).toEqual([]);
    h.github.state.createIssue('acme/deploy', 'Pasted', { user: 'rita', labels: ['drift'] });
    h.github.state.createIssue('acme/deploy', 'Old', { labels: ['drift'], state: 'closed' });
    h.github.state.commit('acme/deploy', 'x', { 'x.txt': 'x' });
    h.github.state.createPullRequest('acme/deploy', { head: 'x' });

    const list = async (query: Record<string, string>) =>
      (await issues.listForRepo({ owner, repo, ...query })).data.map((issue) => issue.title);
    expect(await list({ labels: 'drift', creator: 'github-actions[bot]' })).toEqual(['Drift']);
    expect(await list({ labels: 'drift' })).toEqual(['Pasted', 'Drift']);
    expect(await list({ labels: 'drift', state: 'all', direction: 'asc' })).toEqual([
      'Drift',
      'Pasted',
      'Old',
    ]);
    // Pull requests are issues too: listed with a pull_request link.
    const all = (await issues.listForRepo({ owner, repo })).data;
    expect(all.filter((issue) => issue.pull_request).map((issue) => issue.title)).toHaveLength(1);

    const number = created.data.number;
    const updated = await issues.update({ owner, repo, issue_number: number, body: 'b2' });
    expect(updated.data).toMatchObject({ body: 'b2', state: 'open' });
    const closed = await issues.update({
      owner,
      repo,
      issue_number: number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(closed.data.closed_at).not.toBeNull();
    expect(h.github.state.issue('acme/deploy', number)).toMatchObject({
      state: 'closed',
      stateReason: 'not_planned',
    });
    const reopened = await issues.update({ owner, repo, issue_number: number, state: 'open' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    // Closing without a reason is closing as completed.
    await issues.update({ owner, repo, issue_number: number, state: 'closed' });
    expect(h.github.state.issue('acme/deploy', number).stateReason).toBe('completed');
    expect(await list({ labels: 'drift', creator: 'github-actions[bot]' })).toEqual([]);
  });

  it('refuses what GitHub refuses on issues', async () => {
    seed();
    const { issues } = h.octokit.rest;
    h.github.state.addToken('rita-token', 'rita');
    h.github.state.setPermission('acme/deploy', 'rita', 'read');
    const ours = (await issues.create({ owner, repo, title: 'Ours' })).data.number;
    const rita = h.client('rita-token').rest.issues;
    expect((await statusOf(rita.update({ owner, repo, issue_number: ours, state: 'closed' }))).status).toBe(
      403,
    );
    expect((await statusOf(rita.update({ owner, repo, issue_number: ours, body: 'mine' }))).status).toBe(403);
    const hers = (await rita.create({ owner, repo, title: 'Hers' })).data.number;
    expect((await rita.update({ owner, repo, issue_number: hers, state: 'closed' })).data.state).toBe(
      'closed',
    );
    expect(h.github.state.issue('acme/deploy', ours).state).toBe('open');
    const long = await statusOf(issues.create({ owner, repo, title: 'x'.repeat(257) }));
    expect(long).toMatchObject({ status: 422, message: expect.stringContaining('title is too long') });
    const big = await statusOf(issues.update({ owner, repo, issue_number: ours, body: 'x'.repeat(65_537) }));
    expect(big).toMatchObject({ status: 422, message: expect.stringContaining('Body is too long') });
    expect((await statusOf(issues.update({ owner, repo, issue_number: 999, body: 'x' }))).status).toBe(404);
    const reason = await statusOf(
      issues.update({ owner, repo, issue_number: ours, state: 'closed', state_reason: 'fixed' } as never),
    );
    expect(reason.status).toBe(422);
    expect(h.github.takeViolations()).toEqual([
      expect.stringContaining('issues/update: body/state_reason must be equal to one of the allowed values'),
    ]);
    expect(h.github.state.issue('acme/deploy', ours).state).toBe('open');
  });

  it('creates deployments and statuses and lists them with filters', async () => {
    seed();
    const main = h.github.state.getBranchSha('acme/deploy', 'main')!;
    const staging = await h.octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      environment: 'staging',
      auto_merge: false,
      required_contexts: [],
      payload: { image: 'web:v2' },
    });
    expect(staging.status).toBe(201);
    if (!('id' in staging.data)) throw new Error('expected a deployment');
    expect(staging.data).toMatchObject({ sha: main, environment: 'staging', payload: { image: 'web:v2' } });
    await h.octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: 'main',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    const status = await h.octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: staging.data.id,
      state: 'success',
      environment_url: 'https://staging.example.com',
    });
    expect(status.data).toMatchObject({ state: 'success', environment_url: 'https://staging.example.com' });
    const listed = await h.octokit.rest.repos.listDeployments({ owner, repo, environment: 'staging' });
    expect(listed.data.map((d) => d.id)).toEqual([staging.data.id]);
    expect((await h.octokit.rest.repos.listDeployments({ owner, repo })).data).toHaveLength(2);
  });
});

describe('GitHub emulator as GitHub Enterprise Server', () => {
  it('serves REST under /api/v3 and GraphQL at /api/graphql', async () => {
    const { startGitHubEmulator } = await import('../../harness/github/index.js');
    const { createGitHubClient } = await import('../../../src/lib/github-client.js');
    const github = await startGitHubEmulator({ enterprise: true });
    try {
      expect(github.apiUrl).toMatch(/\/api\/v3$/);
      expect(github.graphqlUrl).toMatch(/\/api\/graphql$/);
      github.state.createRepo('acme/deploy');
      // No graphqlUrl: Octokit derives it from the REST base URL, as on a GHES runner.
      const octokit = createGitHubClient({ token: github.token, apiUrl: github.apiUrl, env: {} });
      expect((await octokit.rest.repos.get({ owner: 'acme', repo: 'deploy' })).data.url).toBe(
        `${github.apiUrl}/repos/acme/deploy`,
      );
      const data = await octokit.graphql<{ repository: { nameWithOwner: string } }>(
        'query { repository(owner: "acme", name: "deploy") { nameWithOwner } }',
      );
      expect(data.repository.nameWithOwner).toBe('acme/deploy');
    } finally {
      await github.stop();
    }
  });
});

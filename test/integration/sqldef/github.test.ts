import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startGitHubEmulator } from '../../harness/github/index.js';
import { runAction } from '../../harness/run-action.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';

type Emulator = Awaited<ReturnType<typeof startGitHubEmulator>>;

const BASE = 'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  bio text\n);\n';
const PR = 'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  email text\n);\n';

describeWithTools(['psqldef'], 'sqldef-migrate on a pull request (GitHub API emulator)', () => {
  let github: Emulator;
  let repoCount = 0;
  const dirs: string[] = [];

  beforeAll(async () => {
    github = await startGitHubEmulator();
  });
  beforeEach(() => github.calls.reset());
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await github?.stop(); // fails the suite if any request broke GitHub's schemas
  });

  /** A repository whose main branch has `base`, a pull request branch with `head`, and a checkout of the head. */
  function pullRequest(base: Record<string, string>, head: Record<string, string | null>) {
    const fullName = `acme/db-${++repoCount}`;
    github.state.createRepo(fullName, { files: base });
    github.state.commit(fullName, 'schema-change', head, 'Change the schema');
    const pull = github.state.createPullRequest(fullName, { head: 'schema-change' });
    const workspace = mkdtempSync(join(tmpdir(), 'sqldef-pr-'));
    dirs.push(workspace);
    const write = (files: Record<string, string | null>) => {
      for (const [path, text] of Object.entries({ ...base, ...files })) {
        if (text === null) continue;
        mkdirSync(dirname(join(workspace, path)), { recursive: true });
        writeFileSync(join(workspace, path), text);
      }
    };
    write(head);
    const run = (inputs: Record<string, string>) =>
      runAction('sqldef-migrate', {
        cwd: workspace,
        eventName: 'pull_request',
        event: { pull_request: { number: pull.number, base: { sha: pull.baseSha, ref: 'main' } } },
        inputs: { mode: 'offline', 'schema-file': 'db/schema.sql', 'github-token': github.token, ...inputs },
        env: { ...github.env(), PATH: TOOLS_PATH, GITHUB_REPOSITORY: fullName, GITHUB_RUN_ID: '7' },
      });
    return { fullName, pull, run, write, comments: () => github.state.comments(fullName, pull.number) };
  }

  it('diffs against the base through the API and keeps one sticky comment, updated in place', async () => {
    const pr = pullRequest({ 'db/schema.sql': BASE }, { 'db/schema.sql': PR });
    const first = await pr.run({});
    expect(first.stdout).not.toContain('::error::');
    expect(first.outputs.statements).toBe(
      JSON.stringify([
        {
          sql: 'ALTER TABLE "users" ADD COLUMN "email" text',
          skipped: false,
          destructive: null,
          class: null,
        },
        {
          sql: 'ALTER TABLE "users" DROP COLUMN "bio"',
          skipped: true,
          destructive: 'drops a column and its data',
          class: 'data-loss',
        },
      ]),
    );
    expect(github.calls.count('repos/get-content')).toBe(1);
    expect(pr.comments()).toHaveLength(1);
    const body = pr.comments()[0]!.body;
    expect(body).toContain('<!-- sqldef-migrate: postgres offline db/schema.sql -->');
    expect(body.indexOf('[!CAUTION]')).toBeLessThan(body.indexOf('```sql'));
    expect(body).toContain('-- Skipped (enable-drop is off): ALTER TABLE "users" DROP COLUMN "bio";');
    expect(body).toContain('/acme/db-1/actions/runs/7');

    // A new push: the same comment is updated, not a second one added.
    pr.write({ 'db/schema.sql': BASE });
    const second = await pr.run({});
    expect(second.outputs.changed).toBe('false');
    expect(pr.comments()).toHaveLength(1);
    expect(pr.comments()[0]!.body).toContain('No schema changes');
    expect(github.calls.count('issues/create-comment')).toBe(1);
    expect(github.calls.count('issues/update-comment')).toBe(1);
  });

  it('treats a schema file the pull request adds as empty at the base', async () => {
    const pr = pullRequest({ 'README.md': 'db\n' }, { 'db/schema.sql': PR });
    const result = await pr.run({});
    expect(result.stdout).not.toContain('::error::');
    expect(JSON.parse(result.outputs.statements!)).toEqual([
      { sql: PR.trim().replace(/;$/, ''), skipped: false, destructive: null, class: null },
    ]);
  });

  it('finds its comment among many others and keeps one per database label', async () => {
    const pr = pullRequest({ 'db/schema.sql': BASE }, { 'db/schema.sql': PR });
    for (let i = 0; i < 120; i++)
      github.state.addComment(pr.fullName, pr.pull.number, `comment ${i}`, 'someone');
    await pr.run({ 'database-label': 'production' });
    await pr.run({ 'database-label': 'production', 'enable-drop': 'true' });
    await pr.run({ 'database-label': 'staging' });
    const ours = pr.comments().filter((comment) => comment.body.includes('<!-- sqldef-migrate:'));
    expect(ours.map((comment) => /postgres (\w+)/.exec(comment.body)?.[1])).toEqual([
      'production',
      'staging',
    ]);
    expect(ours[0]!.body).toContain('DROP COLUMN "bio";');
    expect(ours[0]!.body).not.toContain('Skipped');
  });

  it('retries a GitHub server error and still leaves exactly one comment', async () => {
    const pr = pullRequest({ 'db/schema.sql': BASE }, { 'db/schema.sql': PR });
    github.faults.inject({ operation: 'issues/create-comment', kind: '5xx' });
    const result = await pr.run({});
    expect(result.stdout).not.toContain('::error::');
    expect(result.stdout).toContain('::warning::GitHub POST');
    expect(pr.comments()).toHaveLength(1);
  });

  it('warns instead of failing when the token may not comment (a fork)', async () => {
    const pr = pullRequest({ 'db/schema.sql': BASE }, { 'db/schema.sql': PR });
    github.faults.inject({
      operation: 'issues/create-comment',
      kind: { status: 403, message: 'Resource not accessible by integration' },
    });
    const result = await pr.run({});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `::warning::Could not comment on pull request #${pr.pull.number} (HTTP 403): 'github-token' needs pull-requests: write.`,
    );
    expect(result.summary).toContain('ADD COLUMN "email"');
    expect(pr.comments()).toHaveLength(0);
  });

  it('explains a base schema it cannot read', async () => {
    const pr = pullRequest({ 'db/schema.sql': BASE }, { 'db/schema.sql': PR });
    github.faults.inject({
      operation: 'repos/get-content',
      kind: { status: 403, message: 'Resource not accessible by integration' },
    });
    const result = await pr.run({});
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      `::error::Could not read db/schema.sql at ${pr.pull.baseSha} through the GitHub API (HTTP 403): 'github-token' needs contents: read`,
    );
    expect(result.summary).toContain('**Failed:**');
    expect(pr.comments()).toHaveLength(0);
  });

  it('keeps a very large plan under the comment limit', async () => {
    const schema = Array.from(
      { length: 1500 },
      (_, i) => `CREATE TABLE table_${i} (id bigint PRIMARY KEY, name varchar(200) NOT NULL DEFAULT 'x');\n`,
    ).join('');
    const pr = pullRequest({ 'README.md': 'db\n' }, { 'db/schema.sql': schema });
    const result = await pr.run({});
    expect(result.stdout).not.toContain('::error::');
    expect(JSON.parse(result.outputs.statements!)).toHaveLength(1500);
    const body = pr.comments()[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(/… \d+ more statements not shown/);
    expect(result.summary.length).toBeGreaterThan(body.length);
  });
});

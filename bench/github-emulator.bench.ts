// Cost of the GitHub API emulator itself (request + schema validation + state), so feature benches can tell
// emulator overhead from their own: start-up, first call (schema compilation) and steady per-call latency.
import { createGitHubClient } from '../src/lib/github-client.js';
import { startGitHubEmulator } from '../test/harness/github/index.js';

const RUNS = 200;
const started = performance.now();
const github = await startGitHubEmulator();
const startMs = performance.now() - started;
github.state.createRepo('acme/app', { files: { 'values.yaml': 'tag: v1\n' } });
github.state.commit('acme/app', 'bump', { 'values.yaml': 'tag: v2\n' });
const { number } = github.state.createPullRequest('acme/app', { head: 'bump' });
const octokit = createGitHubClient({
  token: github.token,
  apiUrl: github.apiUrl,
  graphqlUrl: github.graphqlUrl,
});
const repo = { owner: 'acme', repo: 'app' };

async function time(fn: (i: number) => Promise<unknown>, runs: number): Promise<number> {
  const begin = performance.now();
  for (let i = 0; i < runs; i++) await fn(i);
  return (performance.now() - begin) / runs;
}

const rows: [string, number][] = [['start emulator', startMs]];
rows.push([
  'first pulls/get (compiles its schemas)',
  await time(() => octokit.rest.pulls.get({ ...repo, pull_number: number }), 1),
]);
rows.push(['pulls/get', await time(() => octokit.rest.pulls.get({ ...repo, pull_number: number }), RUNS)]);
rows.push([
  'issues/create-comment',
  await time(
    (i) => octokit.rest.issues.createComment({ ...repo, issue_number: number, body: `c${i}` }),
    RUNS,
  ),
]);
rows.push([
  'repos/get-content',
  await time(() => octokit.rest.repos.getContent({ ...repo, path: 'values.yaml' }), RUNS),
]);
const COMMIT =
  'mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }';
rows.push([
  'first GraphQL request (builds the schema)',
  await time(() => octokit.graphql('query { viewer { login } }'), 1),
]);
rows.push([
  'graphql createCommitOnBranch',
  await time(
    (i) =>
      octokit.graphql(COMMIT, {
        input: {
          branch: { repositoryNameWithOwner: 'acme/app', branchName: 'bump' },
          expectedHeadOid: github.state.getBranchSha('acme/app', 'bump'),
          message: { headline: `bump ${i}` },
          fileChanges: {
            additions: [{ path: 'values.yaml', contents: Buffer.from(`tag: v${i}\n`).toString('base64') }],
          },
        },
      }),
    RUNS,
  ),
]);
await github.stop();

console.log('\n### GitHub API emulator\n');
console.log('| step | ms (mean) |\n|---|---|');
for (const [step, ms] of rows) console.log(`| ${step} | ${ms.toFixed(2)} |`);

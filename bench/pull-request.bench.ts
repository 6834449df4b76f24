// API calls and wall time of one-file tag bump → PR → auto-merge enabled, against the GitHub API emulator.
import { imageTagChangeSet } from '../src/image-tag/change-set.js';
import { createGitHubClient } from '../src/lib/github-client.js';
import { GitHubPullRequestApi } from '../src/pull-request/github-pull-request-api.js';
import { openPullRequest } from '../src/pull-request/open-pull-request.js';
import { startGitHubEmulator } from '../test/harness/github/index.js';

const FILE = 'charts/api/values/prod-image-tag.yaml';
const RUNS = 20;
const github = await startGitHubEmulator();
const client = createGitHubClient({
  token: github.token,
  apiUrl: github.apiUrl,
  graphqlUrl: github.graphqlUrl,
});

interface Row {
  scenario: string;
  calls: number;
  ms: number;
  target?: number;
}
const rows: Row[] = [];
async function measure(
  scenario: string,
  labels: string[],
  target?: number,
  prepare?: (repo: string) => Promise<void>,
) {
  const times: number[] = [];
  let calls = 0;
  for (let i = 0; i < RUNS; i++) {
    const repo = `acme/${scenario.replace(/\W+/g, '-')}-${i}`;
    github.state.createRepo(repo, { files: { [FILE]: 'image:\n  tag: v1\n' } });
    const api = new GitHubPullRequestApi(client, 'acme', repo.split('/')[1] ?? '');
    await prepare?.(repo);
    github.calls.reset();
    const start = process.hrtime.bigint();
    await openPullRequest(api, imageTagChangeSet([FILE], { values: { tag: 'v2' } }), {
      branch: 'platform-actions/prod/api',
      title: 'Deploy api v2',
      labels,
      autoMerge: true,
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    calls = github.calls.count();
  }
  times.sort((a, b) => a - b);
  rows.push({ scenario, calls, ms: times[Math.floor(times.length / 2)] ?? 0, ...(target ? { target } : {}) });
}

await measure('bump → PR → auto-merge', [], 6);
await measure('bump → PR with a label → auto-merge', ['image-tag'], 6);
await measure('bump again → PR updated', [], undefined, async (repo) => {
  github.state.commit(repo, 'platform-actions/prod/api', { [FILE]: 'image:\n  tag: v0\n' }, 'earlier run');
  github.state.createPullRequest(repo, { head: 'platform-actions/prod/api', title: 'Deploy api v0' });
});
await measure('already at the tag', [], undefined, async (repo) => {
  github.state.commit(repo, 'main', { [FILE]: 'image:\n  tag: v2\n' }, 'deployed');
});
await github.stop();

console.log(
  `Against the GitHub API emulator on 127.0.0.1 (real Octokit, schema-validated); median of ${RUNS} runs.\n`,
);
console.log('| scenario | API calls | target | wall ms |');
console.log('|---|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.scenario} | ${row.calls} | ${row.target ? `≤ ${row.target}` : ''} | ${row.ms.toFixed(1)} |`,
  );
}

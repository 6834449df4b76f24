/**
 * Runs the GitHub API emulator on its own, e.g. for a local demo or to poke at it with curl:
 *
 *   node --import tsx test/harness/github/serve.ts [--port 8787] [--enterprise] [--seed seed.json]
 *
 * seed.json: { "repos": { "acme/deploy": { "files": { "values.yaml": "tag: v1\n" }, "allowAutoMerge": true } },
 *              "tokens": { "my-token": "alice" } }
 * Prints the environment to export (GITHUB_API_URL, GITHUB_GRAPHQL_URL, GITHUB_TOKEN) and serves until
 * interrupted; then prints the call count per operation and any violations.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startGitHubEmulator, type CreateRepoOptions } from './index.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, seed: { type: 'string' }, enterprise: { type: 'boolean' } },
});
const seed = values.seed
  ? (JSON.parse(readFileSync(values.seed, 'utf8')) as {
      repos?: Record<string, CreateRepoOptions>;
      tokens?: Record<string, string>;
    })
  : {};
const github = await startGitHubEmulator({
  port: values.port ? Number(values.port) : undefined,
  enterprise: values.enterprise,
  tokens: seed.tokens,
});
for (const [name, options] of Object.entries(seed.repos ?? {})) github.state.createRepo(name, options);
for (const [key, value] of Object.entries(github.env())) process.stdout.write(`export ${key}=${value}\n`);

const shutdown = async () => {
  const counts = new Map<string, number>();
  for (const call of github.calls.log) {
    const name = call.fields ? `graphql:${call.fields.join(',')}` : call.operation;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const [name, count] of counts) process.stdout.write(`${count}\t${name}\n`);
  try {
    await github.stop();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());

// The deploy pipeline on one machine: the dist/ bundles run on Node 24 exactly as a runner runs them, against
// the GitHub API emulator (sample app and manifests repos from examples/demo/) and real local services
// where they are installed: after the bump's auto-merge, the test world's real Argo CD fetches the merge from
// the harness git server (which serves the emulator's repositories), syncs it to the test cluster, and the
// deploy-status bundle follows it and reports the GitHub Deployment. Each step says plainly what it skipped
// and why.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startGitHubEmulator, type GitHubEmulator } from '../../test/harness/github/index.js';
import {
  REPO_ROOT,
  runAction,
  type ActionRun,
  type RunActionOptions,
} from '../../test/harness/run-action.js';
import { KUBE_TOOLS } from '../../test/harness/kube/control-plane.js';
import { ARGOCD_TOOLS } from '../../test/harness/kube/gitops.js';
import type { Registry } from '../../test/harness/services.js';
import { actionsNode, missingTools, TOOLS_PATH } from '../../test/harness/tool-path.js';

const DEMO = join(REPO_ROOT, 'examples', 'demo');
const OUT = join(REPO_ROOT, '.demo');
const APP_SHA = 'c0ffee1234567890abcdef1234567890abcdef12';
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

interface StepReport {
  name: string;
  status: 'ran' | 'skipped' | 'failed';
  note: string;
  summary: string;
}
const reports: StepReport[] = [];

function nodeVersion(): string {
  return execFileSync(actionsNode(), ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
}
const stops: (() => Promise<void>)[] = [];

function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(entry));
    if (statSync(path).isFile()) files[relative(dir, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

function section(title: string): void {
  console.log(`\n${bold(`━━ ${title} ━━`)}`);
}

function printOutputs(run: ActionRun): void {
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name}: ${value}`);
}

/** Line diff of two small texts, unified-style. */
function diff(path: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const lines = [`--- a/${path}`, `+++ b/${path}`];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) lines.push(`  ${a[i] ?? ''}`);
    else {
      if (a[i] !== undefined) lines.push(`- ${a[i]}`);
      if (b[i] !== undefined) lines.push(`+ ${b[i]}`);
    }
  }
  return lines.join('\n');
}

async function step(
  name: string,
  tools: string[],
  body: () => Promise<{ run?: ActionRun; note: string }>,
): Promise<ActionRun | undefined> {
  section(name);
  const missing = missingTools(tools);
  if (missing.length > 0) {
    const note = `skipped: ${missing.join(', ')} not installed (run \`npm run provision\` to install them)`;
    console.log(`  ${note}`);
    reports.push({ name, status: 'skipped', note, summary: '' });
    return undefined;
  }
  try {
    const { run, note } = await body();
    const failed = run !== undefined && run.exitCode !== 0;
    if (run) {
      if (failed)
        console.log(
          run.stdout
            .split('\n')
            .filter((line) => line.startsWith('::error'))
            .join('\n'),
        );
      printOutputs(run);
    }
    console.log(`  ${note}`);
    reports.push({ name, status: failed ? 'failed' : 'ran', note, summary: run?.summary ?? '' });
    return run;
  } catch (error) {
    const note = `failed: ${error instanceof Error ? error.message : String(error)}`;
    console.log(`  ${note}`);
    reports.push({ name, status: 'failed', note, summary: '' });
    return undefined;
  }
}

/** The image step 1 pushed: the registry it runs in (kept for step 5), tag and digest. */
interface Pushed {
  tag: string;
  registry?: Registry;
  image?: string;
  digest?: string;
}

async function buildAndPush(github: GitHubEmulator): Promise<Pushed> {
  let tag = APP_SHA;
  const pushed: Omit<Pushed, 'tag'> = {};
  await step(
    '1. ecr-build-push: OIDC role → ECR → build → push → verify',
    ['docker-registry', 'moto_server', 'podman'],
    async () => {
      const services = await import('../../test/harness/services.js');
      const registry = await services.startRegistry();
      stops.push(() => registry.stop());
      const moto = await services.startMoto({ region: 'ap-northeast-1' });
      stops.push(() => moto.stop());
      const oidc = await services.fakeOidcServer({
        claims: { repository: 'acme/backend', environment: 'dev', sub: 'repo:acme/backend:environment:dev' },
      });
      stops.push(() => oidc.stop());
      const storage = await services.containerStorage({ insecureRegistries: [registry.host] });
      stops.push(() => storage.cleanup());
      const options: RunActionOptions = {
        inputs: {
          repository: 'backend',
          'create-repository': 'true',
          roles:
            'dev=arn:aws:iam::123456789012:role/deploy-dev\nprd=arn:aws:iam::123456789012:role/deploy-prd',
          environment: 'dev',
          'aws-region': 'ap-northeast-1',
          registry: registry.url,
          context: join(DEMO, 'app'),
          builder: 'auto',
        },
        env: {
          ...moto.env,
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
          ...oidc.env,
          ...storage.env,
          ...github.env(),
          GITHUB_SHA: APP_SHA,
          GITHUB_REPOSITORY: 'acme/backend',
          GITHUB_SERVER_URL: 'https://github.com',
        },
      };
      const first = await runAction('ecr-build-push', options);
      if (first.exitCode !== 0) return { run: first, note: 'the build failed' };
      tag = first.outputs.tag ?? tag;
      Object.assign(pushed, {
        registry,
        image: `${registry.host}/backend:${tag}`,
        ...(first.outputs.digest ? { digest: first.outputs.digest } : {}),
      });
      console.log(`  pushed ${first.outputs['image-digest-uri']}\n  outputs of the first run:`);
      printOutputs(first);
      const again = await runAction('ecr-build-push', options);
      console.log('  outputs of the re-run (same commit):');
      return {
        run: again,
        note: `re-run: skipped=${again.outputs.skipped} with the same digest (${again.outputs.digest === first.outputs.digest ? 'matches' : 'DIFFERS'}) — an immutable tag re-deploys without rebuilding`,
      };
    },
  );
  return { tag, ...pushed };
}

/** The bump pull request of step 2 (auto-merge on), and its merge once the manifests repo's checks passed. */
interface Bump {
  number: number;
  pullRequestUrl: string;
  mergeCommit?: string;
  mergedAt?: string;
}

/** The manifests repository's required checks pass: auto-merge merges the pull request. */
function passChecks(github: GitHubEmulator, bump: Bump): void {
  github.state.setChecks('acme/manifests', bump.number, 'success');
  const merged = github.state.pull('acme/manifests', bump.number);
  if (merged.mergeCommitSha) {
    bump.mergeCommit = merged.mergeCommitSha;
    bump.mergedAt = new Date().toISOString();
  }
}

/** The tools of step 3: the test cluster, Argo CD (with helm for the chart), the git server and registry. */
const ROLLOUT_TOOLS = [...KUBE_TOOLS, ...ARGOCD_TOOLS, 'helm', 'git', 'docker-registry'];

async function updateImageTag(github: GitHubEmulator, tag: string): Promise<Bump | undefined> {
  const file = 'charts/backend/values/dev-image-tag.yaml';
  let bump: Bump | undefined;
  await step('2. update-image-tag + open-pull-request: manifests PR with auto-merge', [], async () => {
    const before = github.state.readFile('acme/manifests', 'main', file) ?? '';
    github.calls.reset();
    const run = await runAction('update-image-tag', {
      inputs: {
        files: file,
        tag,
        repository: 'acme/manifests',
        token: github.token,
        app: 'backend',
        environment: 'dev',
        'auto-merge': 'true',
      },
      env: {
        ...github.env(),
        GITHUB_REPOSITORY: 'acme/backend',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '1',
      },
    });
    if (run.exitCode !== 0) return { run, note: 'update-image-tag failed' };
    const calls = github.calls.count();
    const number = Number(run.outputs['pull-request-number']);
    const pull = github.state.pull('acme/manifests', number);
    const after = github.state.readFile('acme/manifests', pull.headSha, file) ?? '';
    console.log(`\n${diff(file, before, after)}\n`);
    console.log(`  ${run.outputs['pull-request-url']} (${pull.head} → ${pull.base})`);
    bump = { number, pullRequestUrl: run.outputs['pull-request-url'] ?? '' };
    // With the test cluster installed, step 3 lets the checks pass once Argo CD runs the current version.
    if (missingTools(ROLLOUT_TOOLS).length === 0) {
      return {
        run,
        note: `PR #${number} ${run.outputs.operation} with ${calls} API calls; auto-merge is on: it merges in step 3, when the manifests repo's checks pass`,
      };
    }
    passChecks(github, bump);
    return {
      run,
      note: `PR #${number} ${run.outputs.operation} with ${calls} API calls; when the manifests repo's checks pass, auto-merge merges it: merged=${bump.mergeCommit !== undefined}, merge commit ${bump.mergeCommit ?? '—'}`,
    };
  });
  return bump;
}

/** A kubeconfig secret as a deploy job gets it: everything inline (the harness writes file references). */
function inlineKubeconfig(file: string): string {
  const text = readFileSync(file, 'utf8');
  const data = (key: string) => {
    const match = new RegExp(`^(\\s*)${key}: (.+)$`, 'm').exec(text);
    return match ? readFileSync(match[2]!.trim()).toString('base64') : '';
  };
  return text
    .replace(
      /^(\s*)certificate-authority: .+$/m,
      `$1certificate-authority-data: ${data('certificate-authority')}`,
    )
    .replace(/^(\s*)client-certificate: .+$/m, `$1client-certificate-data: ${data('client-certificate')}`)
    .replace(/^(\s*)client-key: .+$/m, `$1client-key-data: ${data('client-key')}`);
}

async function rollout(github: GitHubEmulator, pushed: Pushed, bump: Bump | undefined): Promise<void> {
  await step(
    '3. deploy-status: auto-merge, Argo CD syncs the merge to the test cluster → GitHub Deployment',
    ROLLOUT_TOOLS,
    async () => {
      if (!bump) return { note: 'skipped: step 2 opened no bump pull request' };
      const services = await import('../../test/harness/services.js');
      const { startControlPlane } = await import('../../test/harness/kube/control-plane.js');
      const { startArgoCd } = await import('../../test/harness/kube/gitops.js');
      const { applyReadmeRbac, DEPLOY_GROUP } = await import('../../test/harness/kube/gitops-pipeline.js');
      const { pushTestImage } = await import('../../test/harness/kube/images.js');
      const { RESOURCES } = await import('../../src/kubernetes/resources.js');
      // The image of step 1; without podman/buildah there, a small stand-in image with the same tag.
      let { registry, image, digest } = pushed;
      if (!registry || !image || !digest) {
        const own = await services.startRegistry();
        stops.push(() => own.stop());
        registry = own;
        digest = await pushTestImage(own, 'backend', pushed.tag);
        image = `${own.host}/backend:${pushed.tag}`;
        console.log(`  step 1 pushed no image: a stand-in ${image} in a local registry`);
      }
      // The harness git server serves the emulator's acme/manifests; Argo CD reads it with a read-only token.
      github.state.addToken('ghs_demoArgoCdReader', 'argocd-reader');
      github.state.setPermission('acme/manifests', 'argocd-reader', 'read');
      const git = await services.startGitServer({ github });
      stops.push(() => git.stop());
      const started = Date.now();
      const cluster = await startControlPlane({ registries: [registry.host] });
      stops.push(() => cluster.stop());
      const argocd = await startArgoCd(cluster);
      stops.push(() => argocd.stop());
      console.log(
        `  test cluster (kube-apiserver, kwok nodes) and Argo CD (application-controller, repo-server) up in ${Math.round((Date.now() - started) / 1000)} s`,
      );
      const repoURL = git.repoUrl('acme/manifests');
      await cluster.client.create(RESOURCES.secret, argocd.namespace, {
        metadata: { name: 'manifests', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
        stringData: {
          type: 'git',
          url: repoURL,
          username: 'x-access-token',
          password: 'ghs_demoArgoCdReader',
        },
      });
      await cluster.namespace('backend-dev');
      await cluster.client.create(RESOURCES.argoApplication, argocd.namespace, {
        metadata: { name: 'backend-dev' },
        spec: {
          project: 'default',
          source: {
            repoURL,
            path: 'charts/backend',
            targetRevision: 'main',
            helm: {
              valueFiles: ['values.yaml', 'values/dev-image-tag.yaml'],
              // The test world's registry instead of ECR.
              parameters: [{ name: 'image.repository', value: image.slice(0, image.lastIndexOf(':')) }],
            },
          },
          destination: { server: cluster.server, namespace: 'backend-dev' },
          syncPolicy: { automated: { prune: true } },
        },
      });
      await applyReadmeRbac(cluster.client);
      // The version running before this deploy: main before the merge (its tag, a stand-in image).
      const before = github.state.getBranchSha('acme/manifests', 'main')!;
      const previousTag = /tag: '?([^'\s]+)/.exec(
        github.state.readFile('acme/manifests', before, 'charts/backend/values/dev-image-tag.yaml') ?? '',
      )?.[1];
      if (previousTag) await pushTestImage(registry, 'backend', previousTag);
      await cluster.client.waitFor(
        RESOURCES.argoApplication,
        argocd.namespace,
        'backend-dev',
        (app) => {
          const status = (app.status ?? {}) as { sync?: { revision?: string }; health?: { status?: string } };
          return status.sync?.revision === before && status.health?.status === 'Healthy';
        },
        { timeoutMs: 120_000, description: `be Healthy at ${before}` },
      );
      console.log(
        `  Argo CD runs backend-dev at ${before.slice(0, 12)} (before the deploy: a stand-in image)`,
      );
      if (!bump.mergeCommit) passChecks(github, bump);
      if (!bump.mergeCommit || !bump.mergedAt) return { note: `PR #${bump.number} did not merge` };
      console.log(
        `  the manifests repo's checks passed: auto-merge merged PR #${bump.number} as ${bump.mergeCommit.slice(0, 12)}`,
      );
      const run = await runAction('deploy-status', {
        inputs: {
          kubeconfig: inlineKubeconfig(cluster.kubeconfigFor('deploy-status', [DEPLOY_GROUP])),
          application: 'backend-dev',
          revision: bump.mergeCommit,
          branch: 'main',
          image,
          digest,
          environment: 'dev',
          app: 'backend',
          ref: github.state.getBranchSha('acme/backend', 'main')!,
          token: github.token,
          timeout: '5m',
          'pull-request-url': bump.pullRequestUrl,
          'merged-at': bump.mergedAt,
          'environment-url': 'https://backend.dev.example.com',
        },
        env: {
          ...github.env(),
          GITHUB_REPOSITORY: 'acme/backend',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_RUN_ID: '1',
        },
        timeoutMs: 360_000,
      });
      console.log(`\n${run.summary}`);
      const deployment = github.state
        .repo('acme/backend')
        .deployments.get(Number(run.outputs['deployment-id']));
      if (deployment) {
        console.log(`  GitHub Deployment ${deployment.id} of acme/backend to ${deployment.environment}:`);
        for (const status of deployment.statuses) {
          console.log(
            `    ${status.createdAt}  ${status.state.padEnd(11)} ${status.description}${status.environmentUrl ? `  ${status.environmentUrl}` : ''}`,
          );
        }
      }
      if (run.exitCode !== 0) console.log(argocd.logs().split('\n').slice(-30).join('\n'));
      return {
        run,
        note: `Argo CD applied ${run.outputs.revision?.slice(0, 12) ?? '—'}; status ${run.outputs.status ?? '—'} after ${run.outputs['duration-seconds'] ?? '—'} s from the merge, ${run.outputs['kubernetes-calls'] ?? '—'} Kubernetes API calls`,
      };
    },
  );
}

async function terragruntPlan(github: GitHubEmulator): Promise<void> {
  await step(
    '4. terragrunt-plan: one sticky plan comment for the changed units',
    ['terragrunt', 'tofu'],
    async () => {
      const unit = 'live/dev/ssm/terragrunt.hcl';
      const infra = filesOf(join(DEMO, 'infra'));
      github.state.createRepo('acme/infra', { files: infra });
      const changed = (infra[unit] ?? '').replace('"2"', '"3"');
      github.state.commit('acme/infra', 'raise-replicas', { [unit]: changed }, 'Raise backend replicas');
      const pr = github.state.createPullRequest('acme/infra', { head: 'raise-replicas' });
      const work = mkdtempSync(join(tmpdir(), 'demo-infra-'));
      stops.push(async () => rmSync(work, { recursive: true, force: true }));
      cpSync(join(DEMO, 'infra'), work, { recursive: true });
      writeFileSync(join(work, unit), changed);
      const run = await runAction('terragrunt-plan', {
        cwd: work,
        eventName: 'pull_request',
        event: { pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } } },
        inputs: { 'working-directory': 'live', 'github-token': github.token },
        env: {
          ...github.env(),
          GITHUB_REPOSITORY: 'acme/infra',
          GITHUB_WORKFLOW: 'terragrunt-plan',
          PATH: TOOLS_PATH,
        },
        timeoutMs: 600_000,
      });
      const comment = github.state.comments('acme/infra', pr.number).at(-1)?.body ?? '(no comment)';
      console.log(`\n${comment}\n`);
      return { run, note: `plan comment on acme/infra#${pr.number} (units ${run.outputs.units ?? '—'})` };
    },
  );
}

async function sqldefDiff(github: GitHubEmulator): Promise<void> {
  await step('5. sqldef-migrate: offline schema diff as a PR comment', ['psqldef'], async () => {
    const schema = 'db/schema.sql';
    github.state.createRepo('acme/db', {
      files: { [schema]: readFileSync(join(DEMO, 'db', 'schema.base.sql'), 'utf8') },
    });
    github.state.commit(
      'acme/db',
      'orders',
      { [schema]: readFileSync(join(DEMO, 'db', 'schema.sql'), 'utf8') },
      'Add orders',
    );
    const pr = github.state.createPullRequest('acme/db', { head: 'orders' });
    const run = await runAction('sqldef-migrate', {
      cwd: DEMO,
      eventName: 'pull_request',
      event: { pull_request: { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha } } },
      inputs: {
        engine: 'postgres',
        mode: 'offline',
        'schema-file': 'db/schema.sql',
        'current-schema-file': 'db/schema.base.sql',
        'database-label': 'demo',
        'github-token': github.token,
      },
      env: { ...github.env(), GITHUB_REPOSITORY: 'acme/db', PATH: TOOLS_PATH },
    });
    const comment = github.state.comments('acme/db', pr.number).at(-1)?.body ?? '(no comment)';
    console.log(`\n${comment}\n`);
    return {
      run,
      note: `DDL comment on acme/db#${pr.number}; has-destructive=${run.outputs['has-destructive'] ?? '—'}`,
    };
  });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  console.log(bold('platform-actions demo: the deploy pipeline on this machine'));
  console.log(
    `Bundles from dist/ run on Node ${nodeVersion()} as a runner runs them (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH).`,
  );
  const github = await startGitHubEmulator();
  stops.push(() => github.stop());
  github.state.createRepo('acme/backend', { files: filesOf(join(DEMO, 'app')) });
  github.state.createRepo('acme/manifests', {
    files: filesOf(join(DEMO, 'manifests')),
    allowAutoMerge: true,
  });
  console.log(`GitHub API emulator at ${github.apiUrl} with acme/backend and acme/manifests`);

  const pushed = await buildAndPush(github);
  const bump = await updateImageTag(github, pushed.tag);
  await rollout(github, pushed, bump);
  await terragruntPlan(github);
  await sqldefDiff(github);

  const summaryFile = join(OUT, 'summary.md');
  const markdown = [
    '# platform-actions demo',
    '',
    '| step | result | note |',
    '|---|---|---|',
    ...reports.map(
      (report) => `| ${report.name} | ${report.status} | ${report.note.replace(/\|/g, '\\|')} |`,
    ),
    '',
    ...reports
      .filter((report) => report.summary)
      .flatMap((report) => [`## ${report.name}`, '', report.summary, '']),
  ].join('\n');
  writeFileSync(summaryFile, markdown);
  section('done');
  for (const report of reports) console.log(`  ${report.status.padEnd(7)} ${report.name}`);
  console.log(`\nJob summaries written to ${relative(process.cwd(), summaryFile)}`);
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  if (reports.some((report) => report.status === 'failed')) process.exitCode = 1;
}

await main();

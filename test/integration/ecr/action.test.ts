import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_TYPES } from '../../../src/ecr/registry.js';
import { runAction } from '../../harness/run-action.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';
import {
  containerStorage,
  fakeOidcServer,
  SERVICE_TOOLS,
  startMoto,
  startRegistry,
  type ContainerStorage,
  type FakeOidc,
  type Moto,
  type Registry,
} from '../../harness/services.js';
import { startStub } from './stub-server.js';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const HEAD_SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const MERGE_SHA = '0123456789abcdef0123456789abcdef01234567';

let moto: Moto;
let registry: Registry;
let oidc: FakeOidc;
let storage: ContainerStorage;
let work: string;
let app: string;

/** What a runner gives the step: OIDC token endpoint, moto for AWS, no static AWS keys. */
function runnerEnv(extra: Record<string, string | undefined> = {}) {
  return {
    PATH: TOOLS_PATH,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SERVER_URL: 'https://github.com',
    ...oidc.env,
    ...storage.env,
    ...extra,
  };
}

const pullRequest = { pull_request: { number: 7, head: { sha: HEAD_SHA } } };

const TOOLS = [...SERVICE_TOOLS.registry, ...SERVICE_TOOLS.moto, ...SERVICE_TOOLS.podman];

describeWithTools(TOOLS, 'ecr-build-push action', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ecr-action-'));
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'Dockerfile'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
    writeFileSync(join(app, 'index.html'), '<h1>hello</h1>\n');
    storage = await containerStorage();
    [moto, registry, oidc] = await Promise.all([startMoto(), startRegistry(), fakeOidcServer()]);
  });
  afterAll(async () => {
    await Promise.all([moto?.stop(), registry?.stop(), oidc?.stop(), storage?.cleanup()]);
    rmSync(work, { recursive: true, force: true });
  });

  const baseInputs = () => ({
    repository: 'acme/app',
    'create-repository': 'true',
    'role-to-assume': ROLE,
    'aws-region': 'us-east-1',
    registry: `http://${registry.host}`,
    context: app,
    builder: 'auto',
  });

  it('builds the pull request head commit, pushes, verifies, and skips on the re-run', async () => {
    const run = await runAction('ecr-build-push', {
      inputs: { ...baseInputs(), 'extra-tags': 'pr-7' },
      env: runnerEnv(),
      event: pullRequest,
      eventName: 'pull_request',
    });
    expect(run.stdout).not.toMatch(/^::error::/m);
    expect(run.exitCode).toBe(0);
    const landed = await fetch(`${registry.url}/v2/acme/app/manifests/${HEAD_SHA}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_TYPES.join(', ') },
    });
    const digest = landed.headers.get('docker-content-digest') ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs).toEqual({
      image: `${registry.host}/acme/app:${HEAD_SHA}`,
      'image-digest-uri': `${registry.host}/acme/app@${digest}`,
      digest,
      tag: HEAD_SHA,
      tags: `${HEAD_SHA},pr-7`,
      registry: registry.host,
      'repository-uri': `${registry.host}/acme/app`,
      skipped: 'false',
    });
    // moto's ECR password is masked before use; the OIDC token and the role's keys too.
    expect(run.masked).toContain('123456789012-auth-token');
    expect(run.masked.length).toBeGreaterThanOrEqual(4);
    expect(run.summary).toContain(`| digest | \`${digest}\` |`);
    expect(run.summary).toMatch(/\| builder \| podman \|/);
    expect(run.summary).toMatch(/\| skipped \| no: built and pushed/);

    const again = await runAction('ecr-build-push', {
      inputs: { ...baseInputs(), 'extra-tags': 'pr-7' },
      env: runnerEnv(),
      event: pullRequest,
      eventName: 'pull_request',
    });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toEqual(expect.objectContaining({ digest, skipped: 'true', tag: HEAD_SHA }));
    expect(again.summary).toMatch(/\| skipped \| yes: the tag already exists/);
    expect(again.stdout).not.toMatch(/podman build/);
  });

  it('explains a missing id-token permission', async () => {
    const run = await runAction('ecr-build-push', {
      inputs: baseInputs(),
      env: runnerEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error::.*Add `permissions: id-token: write` to the job/m);
    expect(run.outputs).toEqual({});
  });

  it('prints the token claims when AWS refuses the role', async () => {
    const sts = await startStub(() => ({
      status: 403,
      headers: { 'content-type': 'text/xml' },
      body:
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
        '<Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message>' +
        '</Error><RequestId>1</RequestId></ErrorResponse>',
    }));
    try {
      const run = await runAction('ecr-build-push', {
        inputs: baseInputs(),
        env: runnerEnv({ AWS_ENDPOINT_URL_STS: sts.url }),
      });
      expect(run.exitCode).toBe(1);
      const error = decodeURIComponent(
        run.stdout.match(/^::error::(.*)$/m)?.[1]?.replace(/%0A/g, '\n') ?? '',
      );
      expect(error).toContain(`AWS refused to let this workflow assume ${ROLE}`);
      expect(error).toContain(`sub: "${String(oidc.claims.sub)}"`);
      expect(sts.requests).toHaveLength(1);
    } finally {
      await sts.stop();
    }
  });

  it('refuses an invalid tag and a missing Dockerfile before calling AWS', async () => {
    const tokensBefore = oidc.requests.length;
    const badTag = await runAction('ecr-build-push', {
      inputs: { ...baseInputs(), tag: 'release 1' },
      env: runnerEnv(),
    });
    expect(badTag.exitCode).toBe(1);
    expect(badTag.stdout).toMatch(
      /^::error::Input 'tag' has the tag 'release 1', which is not a valid image tag/m,
    );

    const noDockerfile = await runAction('ecr-build-push', {
      inputs: { ...baseInputs(), context: work },
      env: runnerEnv(),
    });
    expect(noDockerfile.exitCode).toBe(1);
    expect(noDockerfile.stdout).toMatch(/^::error::There is no Dockerfile in the build context/m);
    expect(oidc.requests).toHaveLength(tokensBefore);
  });
});

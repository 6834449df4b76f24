import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  buildAndPush,
  type BuildAndPushDeps,
  type BuildAndPushInputs,
} from '../../../src/ecr/build-and-push.js';
import { createEcrApi } from '../../../src/ecr/ecr-api.js';
import { MANIFEST_TYPES } from '../../../src/ecr/registry.js';
import { runCommand, type Exec } from '../../../src/ecr/run-command.js';
import { ActionFailed, ConfigurationError } from '../../../src/lib/errors.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { REPO_ROOT } from '../../harness/run-action.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';
import {
  containerStorage,
  freePort,
  SERVICE_TOOLS,
  startMoto,
  startRegistry,
  type ContainerStorage,
  type Moto,
  type Registry,
} from '../../harness/services.js';
import { startStub } from './stub-server.js';

const noSleep = async () => {};
const motoKeys = () => ({
  accessKeyId: moto.env.AWS_ACCESS_KEY_ID ?? '',
  secretAccessKey: moto.env.AWS_SECRET_ACCESS_KEY ?? '',
});
let moto: Moto;
let registry: Registry;
let secured: Registry;
let storage: ContainerStorage;
let work: string;
let counter = 0;

/** A build context with a FROM scratch image: builds for any platform without emulation. */
function context(content: string, dockerfile = 'FROM scratch\nCOPY hello.txt /hello.txt\n'): string {
  const dir = join(work, `ctx-${++counter}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'hello.txt'), content);
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

function inputs(overrides: Partial<BuildAndPushInputs>): BuildAndPushInputs {
  const dir = overrides.context ?? context(`image ${counter}`);
  return {
    repository: `team/app-${counter}`,
    tags: ['0123456789abcdef0123456789abcdef01234567'],
    registry: { host: registry.host, insecure: true },
    region: 'us-east-1',
    createRepository: true,
    tagMutability: 'IMMUTABLE',
    scanOnPush: true,
    skipIfExists: true,
    builder: 'podman',
    context: dir,
    file: join(dir, 'Dockerfile'),
    buildArgs: [],
    secrets: [],
    platforms: [],
    labels: new Map(),
    cache: false,
    provenance: false,
    revision: '0123456789abcdef0123456789abcdef01234567',
    source: 'https://github.com/acme/app',
    ...overrides,
  };
}

function deps(extra: Partial<BuildAndPushDeps> = {}) {
  const commands: string[][] = [];
  const requests: string[] = [];
  const masked: string[] = [];
  const exec: Exec = (command, args, options) => {
    commands.push([command, ...args]);
    return runCommand(command, args, options);
  };
  const tempDir = mkdtempSync(join(work, 'temp-'));
  const logger = createMemoryLogger();
  const value: BuildAndPushDeps = {
    ecr: createEcrApi({ region: 'us-east-1', endpoint: moto.endpoint, credentials: motoKeys() }),
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return fetch(input, init);
    },
    exec,
    logger,
    clock: () => new Date(),
    sleep: noSleep,
    mask: (secret) => masked.push(secret),
    env: { ...process.env, ...storage.env },
    tempDir,
    ...extra,
  };
  return { deps: value, commands, requests, masked, tempDir, logger };
}

async function registryDigest(repository: string, tag: string) {
  const response = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
    headers: { accept: MANIFEST_TYPES.join(', ') },
  });
  return {
    status: response.status,
    digest: response.headers.get('docker-content-digest'),
    manifest: response.ok ? ((await response.json()) as Record<string, unknown>) : undefined,
  };
}

const builds = (commands: string[][]) => commands.filter((command) => command[1] === 'build');

const TOOLS = [
  ...SERVICE_TOOLS.registry,
  ...SERVICE_TOOLS.moto,
  ...SERVICE_TOOLS.podman,
  ...SERVICE_TOOLS.buildah,
];

describeWithTools(TOOLS, 'ecr-build-push core', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ecr-build-push-'));
    storage = await containerStorage();
    [moto, registry, secured] = await Promise.all([
      startMoto(),
      startRegistry(),
      startRegistry({ auth: { username: 'ci', password: 'registry-secret' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([moto?.stop(), registry?.stop(), secured?.stop(), storage?.cleanup()]);
    rmSync(work, { recursive: true, force: true });
  });

  it('creates the repository, builds with podman, pushes, verifies, and a re-run skips with the same digest', async () => {
    const policy = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: 'untagged',
            countType: 'sinceImagePushed',
            countUnit: 'days',
            countNumber: 7,
          },
          action: { type: 'expire' },
        },
      ],
    });
    const input = inputs({
      tags: ['0123456789abcdef0123456789abcdef01234567', 'latest'],
      lifecyclePolicy: policy,
    });
    const first = deps();
    const result = await buildAndPush(input, first.deps);

    const landed = await registryDigest(input.repository, input.tags[0]!);
    expect(landed.status).toBe(200);
    expect(result.digest).toBe(landed.digest);
    expect((await registryDigest(input.repository, 'latest')).digest).toBe(result.digest);
    expect(result).toEqual(
      expect.objectContaining({
        skipped: false,
        builder: 'podman',
        image: `${registry.host}/${input.repository}:${input.tags[0]}`,
        imageDigestUri: `${registry.host}/${input.repository}@${result.digest}`,
        registry: registry.host,
        repositoryUri: `${registry.host}/${input.repository}`,
        tags: input.tags,
      }),
    );
    expect(builds(first.commands)).toHaveLength(1);
    // The ECR password was masked, and the temporary auth file is gone.
    expect(first.masked).toContain('123456789012-auth-token');
    expect(readdirSync(first.tempDir)).toEqual([]);

    const ecr = new ECRClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: motoKeys(),
    });
    const described = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: [input.repository] }),
    );
    expect(described.repositories?.[0]).toEqual(
      expect.objectContaining({
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
    const lifecycle = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: input.repository }));
    expect(JSON.parse(lifecycle.lifecyclePolicyText ?? '{}')).toEqual(JSON.parse(policy));

    // The image carries the automatic OCI labels.
    const config = await fetch(
      `${registry.url}/v2/${input.repository}/blobs/${(landed.manifest?.config as { digest: string }).digest}`,
    );
    const labels = ((await config.json()) as { config: { Labels: Record<string, string> } }).config.Labels;
    expect(labels).toEqual(
      expect.objectContaining({
        'org.opencontainers.image.source': 'https://github.com/acme/app',
        'org.opencontainers.image.revision': input.revision,
      }),
    );

    const second = deps();
    const again = await buildAndPush(input, second.deps);
    expect(again).toEqual(expect.objectContaining({ skipped: true, digest: result.digest }));
    expect(second.commands).toEqual([]);
  });

  it.each(['buildah', 'podman'] as const)(
    'builds linux/amd64 and linux/arm64 with %s and pushes an image index',
    async (builder) => {
      const input = inputs({ builder, platforms: ['linux/amd64', 'linux/arm64'], provenance: true });
      const run = deps();
      const result = await buildAndPush(input, run.deps);
      expect(run.logger.lines).toContain(
        `warning: Input 'provenance' only works with docker buildx; ${builder} ignores it.`,
      );
      const landed = await registryDigest(input.repository, input.tags[0]!);
      expect(result.digest).toBe(landed.digest);
      expect(landed.manifest?.mediaType).toMatch(/index|manifest\.list/);
      const platforms = (landed.manifest?.manifests as { platform: { architecture: string } }[]).map(
        (entry) => entry.platform.architecture,
      );
      expect(platforms.sort()).toEqual(['amd64', 'arm64']);
    },
  );

  it('auto-detects docker buildx when a daemon answers, logs it in through DOCKER_CONFIG and reads its digest', async () => {
    // No Docker daemon on test machines: a stand-in docker answers and builds with podman (see the fixture).
    const shim = join(REPO_ROOT, 'test', 'fixtures', 'ecr', 'docker-shim');
    const log = join(work, `docker-${counter}.log`);
    const run = deps();
    run.deps.env = { ...run.deps.env, PATH: `${shim}${delimiter}${TOOLS_PATH}`, DOCKER_SHIM_LOG: log };
    const input = inputs({ builder: 'auto', tags: ['abc', 'latest'], cache: true });
    const result = await buildAndPush(input, run.deps);
    expect(result.builder).toBe('docker');
    expect(result.digest).toBe((await registryDigest(input.repository, 'abc')).digest);
    expect((await registryDigest(input.repository, 'latest')).digest).toBe(result.digest);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.slice(0, 2)).toEqual(['info --format {{.ServerVersion}}', 'buildx version']);
    expect(calls[2]).toContain('--provenance=false');
    expect(calls[2]).toContain(
      `--cache-to type=registry,ref=${registry.host}/${input.repository}:buildcache,image-manifest=true,oci-mediatypes=true,mode=max`,
    );
    expect(readdirSync(run.tempDir)).toEqual([]);
  });

  it('refuses a missing repository with its account and region when it may not create it', async () => {
    const run = deps();
    const input = inputs({ createRepository: false, repository: 'team/missing' });
    await expect(buildAndPush(input, run.deps)).rejects.toThrow(
      new ConfigurationError(
        "The ECR repository 'team/missing' does not exist in account 123456789012, region us-east-1. Create it (e.g. with Terraform), or set 'create-repository: true' to let this action create it.",
      ),
    );
    expect(run.commands).toEqual([]);
  });

  it('shows the builder error and pushes nothing when the build fails', async () => {
    const dir = context('x', 'FROM scratch\nCOPY does-not-exist.txt /\n');
    const input = inputs({ context: dir, file: join(dir, 'Dockerfile') });
    const run = deps();
    const error = await buildAndPush(input, run.deps).catch((caught: unknown) => caught);
    // A failed build is the tool failing, not a configuration mistake.
    expect(error).toBeInstanceOf(ActionFailed);
    expect((error as Error).message).toMatch(/The podman build failed \(exit \d+\); nothing was pushed/);
    expect((error as Error).message).toMatch(/does-not-exist\.txt/);
    expect(run.commands.filter((command) => command[1] === 'push')).toEqual([]);
    const tags = await fetch(`${registry.url}/v2/${input.repository}/tags/list`);
    expect(tags.status).toBe(404);
    expect(readdirSync(run.tempDir)).toEqual([]);
  });

  it('gives up on an unreachable registry after the bounded attempts with a clear error', async () => {
    const port = await freePort();
    const run = deps();
    const input = inputs({ registry: { host: `127.0.0.1:${port}`, insecure: true }, pushAttempts: 3 });
    await expect(buildAndPush(input, run.deps)).rejects.toThrow(
      new RegExp(`Cannot reach the registry 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\) after 3 attempts`),
    );
    expect(run.requests).toHaveLength(3);
    expect(run.commands).toEqual([]);
  });

  it('pushes to a registry with auth using registry credentials, and fails at once when they are wrong', async () => {
    const credentials = { username: 'ci', password: 'registry-secret' };
    const input = inputs({
      registry: { host: secured.host, insecure: true },
      registryCredentials: credentials,
    });
    const result = await buildAndPush(input, deps().deps);
    const landed = await fetch(`${secured.url}/v2/${input.repository}/manifests/${input.tags[0]}`, {
      method: 'HEAD',
      headers: {
        accept: MANIFEST_TYPES.join(', '),
        authorization: `Basic ${Buffer.from('ci:registry-secret').toString('base64')}`,
      },
    });
    expect(landed.headers.get('docker-content-digest')).toBe(result.digest);

    const wrong = deps();
    const refused = buildAndPush(
      { ...input, tags: ['other'], registryCredentials: { username: 'ci', password: 'wrong' } },
      wrong.deps,
    );
    await expect(refused).rejects.toThrow(
      new RegExp(`The registry ${secured.host} refused the credentials \\(HTTP 401\\)`),
    );
    expect(wrong.requests).toHaveLength(1);
    expect(wrong.commands).toEqual([]);
  });

  it('explains an ECR AccessDenied with the permission the role lacks', async () => {
    const ecr = await startStub((request) =>
      request.body === '{}'
        ? {
            status: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({
              authorizationData: [
                {
                  authorizationToken: Buffer.from('AWS:pw').toString('base64'),
                  proxyEndpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com',
                },
              ],
            }),
          }
        : {
            status: 400,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({
              __type: 'AccessDeniedException',
              message:
                'User: arn:aws:sts::123456789012:assumed-role/deploy/run is not authorized to perform: ecr:DescribeRepositories',
            }),
          },
    );
    try {
      const run = deps({
        ecr: createEcrApi({
          region: 'us-east-1',
          endpoint: ecr.url,
          credentials: motoKeys(),
          maxAttempts: 1,
        }),
      });
      const error = await buildAndPush(inputs({}), run.deps).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(
        /^ECR refused DescribeRepositories: .*not authorized to perform: ecr:DescribeRepositories\. Allow ecr:DescribeRepositories for the role/,
      );
      expect(run.commands).toEqual([]);
    } finally {
      await ecr.stop();
    }
  });

  it('retries 5xx from the registry, then carries on', async () => {
    let calls = 0;
    const flaky = await startStub(() =>
      ++calls <= 2
        ? { status: 503 }
        : { status: 200, headers: { 'docker-content-digest': 'sha256:' + 'a'.repeat(64) } },
    );
    try {
      const run = deps();
      const input = inputs({ registry: { host: new URL(flaky.url).host, insecure: true } });
      const result = await buildAndPush(input, run.deps);
      expect(result).toEqual(expect.objectContaining({ skipped: true, digest: 'sha256:' + 'a'.repeat(64) }));
      expect(flaky.requests).toHaveLength(3);
      expect(run.logger.lines.filter((line) => /HTTP 503/.test(line))).toHaveLength(2);
    } finally {
      await flaky.stop();
    }
  });

  it('re-points extra tags on a skipped run, and leaves an immutable one with a warning', async () => {
    const repository = `team/tags-${counter}`;
    const a = await buildAndPush(inputs({ repository, tags: ['build-a', 'latest'] }), deps().deps);
    const b = await buildAndPush(inputs({ repository, tags: ['build-b'] }), deps().deps);
    expect(b.digest).not.toBe(a.digest);

    const proxy = await startProxy(new URL(registry.url), (method, path) =>
      method === 'PUT' && path.endsWith('/manifests/latest')
        ? {
            status: 400,
            body: JSON.stringify({
              errors: [
                {
                  code: 'TAG_INVALID',
                  message: `The image tag 'latest' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`,
                },
              ],
            }),
          }
        : undefined,
    );
    try {
      const immutable = deps();
      const result = await buildAndPush(
        inputs({
          repository,
          tags: ['build-b', 'latest', 'v2'],
          registry: { host: proxy.host, insecure: true },
        }),
        immutable.deps,
      );
      expect(result).toEqual(
        expect.objectContaining({
          skipped: true,
          digest: b.digest,
          reason: 'the tag already exists (skip-if-exists); tagged v2',
        }),
      );
      expect(immutable.commands).toEqual([]);
      expect((await registryDigest(repository, 'v2')).digest).toBe(b.digest);
      expect((await registryDigest(repository, 'latest')).digest).toBe(a.digest);
      expect(immutable.logger.lines.join('\n')).toMatch(
        /latest points at sha256:\w+ and the repository's tags are immutable/,
      );
    } finally {
      await proxy.stop();
    }

    // A new build keeps the immutable 'latest' where it is and still pushes and verifies its own tag.
    const proxy2 = await startProxy(new URL(registry.url), (method, path) =>
      method === 'PUT' && path.endsWith('/manifests/latest')
        ? {
            status: 400,
            body: '{"errors":[{"code":"TAG_INVALID","message":"The image tag \'latest\' already exists in the repository and cannot be overwritten because the repository is immutable."}]}',
          }
        : undefined,
    );
    try {
      const build = deps();
      const c = await buildAndPush(
        inputs({ repository, tags: ['build-c', 'latest'], registry: { host: proxy2.host, insecure: true } }),
        build.deps,
      );
      expect(c.skipped).toBe(false);
      expect(c.reason).toMatch(/; latest left on the older image \(immutable\)$/);
      expect((await registryDigest(repository, 'build-c')).digest).toBe(c.digest);
      expect((await registryDigest(repository, 'latest')).digest).toBe(a.digest);
    } finally {
      await proxy2.stop();
    }

    const mutable = deps();
    const moved = await buildAndPush(inputs({ repository, tags: ['build-b', 'latest'] }), mutable.deps);
    expect(moved.reason).toBe('the tag already exists (skip-if-exists); tagged latest');
    expect((await registryDigest(repository, 'latest')).digest).toBe(b.digest);
    expect(mutable.commands).toEqual([]);
  });

  it('retries a push the registry fails with 503, then verifies', async () => {
    let failures = 0;
    const proxy = await startProxy(new URL(registry.url), (method, path) =>
      method === 'PUT' && path.includes('/manifests/') && failures++ < 1
        ? { status: 503, body: '{"errors":[{"code":"UNAVAILABLE","message":"service unavailable"}]}' }
        : undefined,
    );
    try {
      const run = deps();
      const result = await buildAndPush(inputs({ registry: { host: proxy.host, insecure: true } }), run.deps);
      expect(result.skipped).toBe(false);
      expect(failures).toBeGreaterThanOrEqual(2);
      expect(builds(run.commands)).toHaveLength(1);
      expect(run.commands.filter((command) => command[1] === 'push').length).toBeGreaterThanOrEqual(2);
      expect(run.logger.lines.join('\n')).toMatch(/Retrying \(attempt 2 of 4\)/);
    } finally {
      await proxy.stop();
    }
  });

  it('treats a tag that another run pushed meanwhile into an immutable repository as existing', async () => {
    // The first run pushes the tag; the second one sees it missing (as if both started at once) and
    // ECR then refuses its push because the repository is immutable.
    const input = inputs({});
    const first = await buildAndPush(input, deps().deps);
    const upstream = new URL(registry.url);
    let hidden = false;
    const proxy = await startProxy(upstream, (method, path) => {
      if (method === 'HEAD' && path.endsWith(`/manifests/${input.tags[0]}`) && !hidden) {
        hidden = true;
        return { status: 404 };
      }
      if (method === 'PUT' && path.includes('/manifests/')) {
        return {
          status: 400,
          body: JSON.stringify({
            errors: [
              {
                code: 'TAG_INVALID',
                message: `The image tag '${input.tags[0]}' already exists in the '${input.repository}' repository and cannot be overwritten because the repository is immutable.`,
              },
            ],
          }),
        };
      }
      return undefined;
    });
    try {
      const second = deps();
      const secondInput = inputs({
        registry: { host: proxy.host, insecure: true },
        repository: input.repository,
      });
      const result = await buildAndPush(secondInput, second.deps);
      expect(result).toEqual(
        expect.objectContaining({
          skipped: true,
          digest: first.digest,
          reason: 'the tag appeared while building (immutable repository)',
        }),
      );
      expect(builds(second.commands)).toHaveLength(1);

      // Without skip-if-exists the same refusal is an error that says what to do.
      hidden = false;
      const third = deps();
      await expect(buildAndPush({ ...secondInput, skipIfExists: false }, third.deps)).rejects.toThrow(
        /already exists and the repository's tags are immutable\. Set 'skip-if-exists: true'/,
      );
    } finally {
      await proxy.stop();
    }
  });
});

/** A pass-through proxy to the registry that can answer some requests itself (fault injection). */
async function startProxy(
  upstream: URL,
  intercept: (method: string, path: string) => { status: number; body?: string } | undefined,
) {
  const server = createServer((req, res) => {
    const answer = intercept(req.method ?? 'GET', req.url ?? '/');
    if (answer) {
      req.resume();
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body ?? '');
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

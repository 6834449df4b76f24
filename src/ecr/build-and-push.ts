// Build an image and push it to ECR (or any OCI registry) idempotently, then verify the tag landed.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionFailed, ConfigurationError, getErrorMessage } from '../lib/errors.js';
import { parseEcrHost } from '../lib/image-reference.js';
import type { Logger } from '../lib/logger.js';
import { retry, type Sleep } from '../lib/retry.js';
import {
  buildahPlan,
  dockerPlan,
  imageLabels,
  podmanPlan,
  type BuildOptions,
  type BuildPlan,
  type Builder,
  type BuilderChoice,
} from './builder-args.js';
import { explainRegistryDenied, RegistryClient, RegistryRefusal, type RegistryEndpoint } from './registry.js';
import type { Exec, ExecResult } from './run-command.js';

export interface Repository {
  uri: string;
  registryId: string;
  tagMutability: string;
}

/** The ECR control-plane calls used; `createEcrApi` implements them over the AWS SDK. */
export interface EcrApi {
  getAuthorizationToken(): Promise<{ token: string; proxyEndpoint: string }>;
  describeRepository(name: string): Promise<Repository | undefined>;
  createRepository(input: {
    name: string;
    tagMutability: 'IMMUTABLE' | 'MUTABLE';
    scanOnPush: boolean;
  }): Promise<Repository>;
  putLifecyclePolicy(name: string, policy: string): Promise<void>;
}

export interface BuildAndPushInputs {
  repository: string;
  /** Primary tag first. */
  tags: string[];
  /** Overrides the registry host (`host[:port]`); `insecure` for plain HTTP. */
  registry?: { host: string; insecure: boolean };
  /** Data-plane credentials instead of ECR's authorization token (mirrors, other registries). */
  registryCredentials?: { username: string; password: string };
  region: string;
  createRepository: boolean;
  tagMutability: 'IMMUTABLE' | 'MUTABLE';
  scanOnPush: boolean;
  lifecyclePolicy?: string;
  skipIfExists: boolean;
  builder: BuilderChoice;
  context: string;
  file: string;
  buildArgs: string[];
  secrets: string[];
  target?: string;
  platforms: string[];
  labels: Map<string, string>;
  cache: boolean;
  provenance: boolean;
  /** For the automatic OCI labels. */
  source?: string;
  revision?: string;
  /** Attempts for each push and registry request on transient errors. */
  pushAttempts?: number;
}

export interface BuildAndPushDeps {
  ecr: EcrApi;
  fetch: typeof fetch;
  exec: Exec;
  logger: Logger;
  clock: () => Date;
  sleep: Sleep;
  /** Hides a secret from the log before anything can print it. */
  mask: (secret: string) => void;
  /** Environment for the builder; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where the temporary auth file goes (RUNNER_TEMP); default the OS temp dir. */
  tempDir?: string;
}

export interface BuildAndPushResult {
  image: string;
  imageDigestUri: string;
  digest: string;
  tag: string;
  tags: string[];
  registry: string;
  repositoryUri: string;
  skipped: boolean;
  reason: string;
  builder?: Builder;
  platforms: string[];
  buildSeconds?: number;
}

/** ECR's authorization token is base64 `AWS:<password>`. */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at <= 0) throw new Error('ECR returned an authorization token that is not user:password.');
  return { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
}

/**
 * Writes a registry auth file (the docker config.json format, which podman and buildah read too) into a
 * fresh temp dir; docker's plugins and builders are linked in so `docker buildx` keeps its builder.
 */
export function writeAuthConfig(
  dir: string,
  host: string,
  credentials: { username: string; password: string },
  env: NodeJS.ProcessEnv,
): { configDir: string; authFile: string } {
  const configDir = mkdtempSync(join(dir, 'registry-auth-'));
  const authFile = join(configDir, 'config.json');
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  writeFileSync(authFile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
  const userConfig = env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker');
  for (const entry of ['cli-plugins', 'buildx', 'contexts']) {
    const source = join(userConfig, entry);
    if (existsSync(source)) symlinkSync(source, join(configDir, entry));
  }
  return { configDir, authFile };
}

const TRANSIENT =
  /\b(5\d\d|429)\b|connection reset|ECONNRESET|broken pipe|connection refused|i\/o timeout|TLS handshake timeout|unexpected EOF|Service Unavailable|Internal Server Error|Bad Gateway|Gateway Timeout|Too Many Requests|no such host/i;
const DENIED = /\b(401|403)\b|unauthorized|authentication required|access denied|denied:|forbidden/i;
const IMMUTABLE =
  /ImageTagAlreadyExists|tag invalid.*already exists|cannot be overwritten because the repository is immutable/i;

export type PushFailure = 'immutable' | 'denied' | 'transient' | 'other';

/** What a failed push's output means. */
export function classifyPushFailure(output: string): PushFailure {
  if (IMMUTABLE.test(output)) return 'immutable';
  if (DENIED.test(output)) return 'denied';
  if (TRANSIENT.test(output)) return 'transient';
  return 'other';
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

class PushError extends Error {
  constructor(
    readonly kind: PushFailure,
    message: string,
  ) {
    super(message);
  }
}

/** `auto`: docker buildx when a Docker daemon answers, else podman, else buildah. */
export async function detectBuilder(exec: Exec, env: NodeJS.ProcessEnv): Promise<Builder> {
  const ok = (result: ExecResult) => result.exitCode === 0;
  if (
    ok(await exec('docker', ['info', '--format', '{{.ServerVersion}}'], { env, timeoutMs: 5000 })) &&
    ok(await exec('docker', ['buildx', 'version'], { env, timeoutMs: 5000 }))
  ) {
    return 'docker';
  }
  for (const builder of ['podman', 'buildah'] as const) {
    if (ok(await exec(builder, ['--version'], { env, timeoutMs: 5000 }))) return builder;
  }
  throw new ConfigurationError(
    "Input 'builder' is 'auto' but no builder was found: no Docker daemon answered and neither podman nor buildah is installed. Install one, or start Docker.",
  );
}

export async function buildAndPush(
  inputs: BuildAndPushInputs,
  deps: BuildAndPushDeps,
): Promise<BuildAndPushResult> {
  const { ecr, logger } = deps;
  // eslint-disable-next-line no-restricted-properties -- not yet passed in by the entry point
  const env = deps.env ?? process.env;
  const [primary] = inputs.tags;
  if (primary === undefined) throw new ConfigurationError("Input 'tag' is empty.");

  // 1. Registry and its credentials.
  const auth = await ecr.getAuthorizationToken();
  deps.mask(auth.token);
  const ecrCredentials = decodeAuthorizationToken(auth.token);
  deps.mask(ecrCredentials.password);
  const ecrHost = new URL(
    auth.proxyEndpoint.includes('://') ? auth.proxyEndpoint : `https://${auth.proxyEndpoint}`,
  ).host;
  const account = parseEcrHost(ecrHost)?.account ?? 'unknown';
  const endpoint: RegistryEndpoint = {
    host: inputs.registry?.host ?? ecrHost,
    insecure: inputs.registry?.insecure ?? false,
    ...(inputs.registryCredentials ?? ecrCredentials),
  };
  const registry = new RegistryClient(endpoint, {
    fetch: deps.fetch,
    sleep: deps.sleep,
    logger,
    attempts: inputs.pushAttempts,
  });
  const repositoryUri = `${endpoint.host}/${inputs.repository}`;
  const result = (digest: string, skipped: boolean, reason: string): BuildAndPushResult => ({
    image: `${repositoryUri}:${primary}`,
    imageDigestUri: `${repositoryUri}@${digest}`,
    digest,
    tag: primary,
    tags: inputs.tags,
    registry: endpoint.host,
    repositoryUri,
    skipped,
    reason,
    platforms: inputs.platforms,
  });

  // 2. Idempotency: an existing tag is the image this commit already built.
  if (inputs.skipIfExists) {
    const existing = await registry.resolve(inputs.repository, primary);
    if (existing) {
      logger.info(`${repositoryUri}:${primary} already exists (${existing}); skipping the build and push.`);
      const moved = await alignExtraTags(registry, inputs, existing, logger, repositoryUri);
      return result(
        existing,
        true,
        'the tag already exists (skip-if-exists)' + (moved.length > 0 ? `; tagged ${moved.join(', ')}` : ''),
      );
    }
  }

  // 3. Repository.
  let repository = await ecr.describeRepository(inputs.repository);
  if (!repository) {
    if (!inputs.createRepository) {
      throw new ConfigurationError(
        `The ECR repository '${inputs.repository}' does not exist in account ${account}, region ${inputs.region}. ` +
          "Create it (e.g. with Terraform), or set 'create-repository: true' to let this action create it.",
      );
    }
    repository = await ecr.createRepository({
      name: inputs.repository,
      tagMutability: inputs.tagMutability,
      scanOnPush: inputs.scanOnPush,
    });
    logger.info(
      `Created the ECR repository ${inputs.repository} (${inputs.tagMutability} tags, scan on push ${inputs.scanOnPush ? 'on' : 'off'}).`,
    );
  }
  if (inputs.lifecyclePolicy) await ecr.putLifecyclePolicy(inputs.repository, inputs.lifecyclePolicy);

  // 4. Build and push with a temporary auth file, removed whatever happens.
  const builder = inputs.builder === 'auto' ? await detectBuilder(deps.exec, env) : inputs.builder;
  const buildxOnly = (['cache', 'provenance'] as const).filter((name) => inputs[name]);
  if (builder !== 'docker' && buildxOnly.length > 0) {
    logger.warning(
      buildxOnly.length === 1
        ? `Input '${buildxOnly[0]}' only works with docker buildx; ${builder} ignores it.`
        : `Inputs 'cache' and 'provenance' only work with docker buildx; ${builder} ignores them.`,
    );
  }
  const { configDir, authFile } = writeAuthConfig(
    deps.tempDir ?? tmpdir(),
    endpoint.host,
    { username: endpoint.username ?? '', password: endpoint.password ?? '' },
    env,
  );
  const builderEnv = { ...env, DOCKER_CONFIG: configDir, REGISTRY_AUTH_FILE: authFile };
  try {
    const options: BuildOptions = {
      context: inputs.context,
      file: inputs.file,
      images: inputs.tags.map((tag) => `${repositoryUri}:${tag}`),
      platforms: inputs.platforms,
      buildArgs: inputs.buildArgs,
      secrets: inputs.secrets,
      labels: imageLabels(
        { source: inputs.source, revision: inputs.revision, created: deps.clock() },
        inputs.labels,
      ),
      target: inputs.target,
      cacheRef: inputs.cache ? `${repositoryUri}:buildcache` : undefined,
      provenance: inputs.provenance,
      insecure: endpoint.insecure,
    };
    const work = join(configDir, 'out');
    mkdirSync(work);
    const localName = `localhost/ecr-build-push:${randomBytes(6).toString('hex')}`;
    const plan: BuildPlan =
      builder === 'docker'
        ? dockerPlan(options, join(work, 'metadata.json'))
        : (builder === 'podman' ? podmanPlan : buildahPlan)(options, localName, (i) =>
            join(work, `digest-${i}`),
          );

    const started = deps.clock().getTime();
    let digest: string;
    let keptTags: string[];
    try {
      ({ digest, keptTags } = await buildStep(builder, plan, builderEnv, deps, endpoint.host, inputs));
    } catch (error) {
      if (error instanceof PushError && error.kind === 'immutable' && inputs.skipIfExists) {
        const existing = await registry.resolve(inputs.repository, primary);
        if (existing) {
          logger.warning(
            `${repositoryUri}:${primary} was pushed by another run meanwhile and the repository is immutable; using it.`,
          );
          return result(existing, true, 'the tag appeared while building (immutable repository)');
        }
      }
      if (error instanceof PushError && error.kind === 'immutable') {
        throw new ConfigurationError(
          `${repositoryUri}:${primary} already exists and the repository's tags are immutable. ` +
            "Set 'skip-if-exists: true' (the default) to reuse it, or push a new tag.",
        );
      }
      throw error;
    } finally {
      if (builder !== 'docker') {
        const remove = inputs.platforms.length > 1 ? ['manifest', 'rm', localName] : ['rmi', localName];
        await deps.exec(builder, remove, { env: builderEnv });
      }
    }
    const buildSeconds = (deps.clock().getTime() - started) / 1000;

    // 5. Verify through the registry's own API: every tag must resolve to the pushed digest.
    for (const tag of inputs.tags.filter((tag) => !keptTags.includes(tag))) {
      const found = await registry.resolve(inputs.repository, tag);
      if (found !== digest) {
        throw new Error(
          `Verification failed: ${repositoryUri}:${tag} resolves to ${found ?? 'nothing'} in the registry, but ${builder} pushed ${digest}.`,
        );
      }
    }
    logger.info(
      `Verified ${repositoryUri}:${inputs.tags.filter((tag) => !keptTags.includes(tag)).join(', ')} → ${digest}.`,
    );
    return {
      ...result(
        digest,
        false,
        (repository.tagMutability
          ? `built and pushed (${repository.tagMutability} tags)`
          : 'built and pushed') +
          (keptTags.length > 0 ? `; ${keptTags.join(', ')} left on the older image (immutable)` : ''),
      ),
      builder,
      buildSeconds,
    };
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

/**
 * Builds, then pushes each tag with bounded retries. Returns the digest the builder reported and the
 * extra tags an immutable repository refused to move (those are left as they are, with a warning).
 */
async function buildStep(
  builder: Builder,
  plan: BuildPlan,
  env: NodeJS.ProcessEnv,
  deps: BuildAndPushDeps,
  host: string,
  inputs: BuildAndPushInputs,
): Promise<{ digest: string; keptTags: string[] }> {
  const { logger } = deps;
  const attempts = inputs.pushAttempts ?? 4;
  const run = (title: string, command: string, args: string[]) =>
    logger.group(title, async () => {
      logger.info(`$ ${command} ${args.join(' ')}`);
      return deps.exec(command, args, { env, onLine: (line) => logger.info(line) });
    });

  await retry(
    async () => {
      const outcome = await run(`Build with ${builder}`, plan.build.command, plan.build.args);
      if (outcome.exitCode === 127) {
        throw new ConfigurationError(
          `Input 'builder' is '${builder}', but ${builder} is not installed on this runner.`,
        );
      }
      if (outcome.exitCode !== 0) {
        const output = `${outcome.stderr}\n${outcome.stdout}`;
        // docker buildx pushes as it builds: classify its failures like a push.
        const kind = builder === 'docker' ? classifyPushFailure(output) : 'other';
        const message =
          kind === 'denied'
            ? explainRegistryDenied(host, 403, inputs.repository)
            : `The ${builder} build failed (exit ${outcome.exitCode}); nothing was pushed.\n${tail(outcome.stderr || outcome.stdout)}`;
        throw new PushError(kind, message);
      }
      return outcome;
    },
    {
      maxAttempts: builder === 'docker' ? attempts : 1,
      baseMs: 1000,
      sleep: deps.sleep,
      isRetryable: (error) => error instanceof PushError && error.kind === 'transient',
      onRetry: (error, attempt) =>
        logger.warning(`${getErrorMessage(error)}\nRetrying (attempt ${attempt + 1} of ${attempts}).`),
    },
  ).catch((error: unknown) => {
    if (error instanceof PushError && error.kind === 'denied') throw new ConfigurationError(error.message);
    if (error instanceof PushError && error.kind === 'other') throw new ActionFailed(error.message);
    if (error instanceof PushError && error.kind === 'transient') {
      throw new ActionFailed(`${error.message}\nGave up after ${attempts} attempts.`);
    }
    throw error;
  });

  if (plan.metadataFile) {
    const metadata = JSON.parse(readFileSync(plan.metadataFile, 'utf8')) as Record<string, unknown>;
    const digest = metadata['containerimage.digest'];
    if (typeof digest !== 'string') throw new Error('docker buildx wrote no containerimage.digest.');
    return { digest, keptTags: [] };
  }

  let digest: string | undefined;
  const keptTags: string[] = [];
  for (const [index, step] of plan.push.entries()) {
    const pushed = await retry(
      async () => {
        const outcome = await run(`Push ${step.image}`, step.command.command, step.command.args);
        if (outcome.exitCode === 0) return true;
        const output = `${outcome.stderr}\n${outcome.stdout}`;
        const kind = classifyPushFailure(output);
        const message =
          kind === 'denied'
            ? explainRegistryDenied(host, 403, inputs.repository) + `\n${tail(output, 5)}`
            : `Pushing ${step.image} failed (exit ${outcome.exitCode}):\n${tail(output)}`;
        throw new PushError(kind, message);
      },
      {
        maxAttempts: attempts,
        baseMs: 1000,
        sleep: deps.sleep,
        isRetryable: (error) => error instanceof PushError && error.kind === 'transient',
        onRetry: (error, attempt) =>
          logger.warning(`${getErrorMessage(error)}\nRetrying (attempt ${attempt + 1} of ${attempts}).`),
      },
    ).catch((error: unknown) => {
      if (error instanceof PushError && error.kind === 'denied') throw new ConfigurationError(error.message);
      if (error instanceof PushError && error.kind === 'transient') {
        throw new ActionFailed(`${error.message}\nGave up after ${attempts} attempts.`);
      }
      if (error instanceof PushError && error.kind === 'immutable' && index > 0) {
        logger.warning(
          `${step.image} already exists and the repository's tags are immutable; left as it is.`,
        );
        return false;
      }
      throw error;
    });
    if (!pushed) {
      keptTags.push(inputs.tags[index] ?? '');
      continue;
    }
    const reported = readFileSync(step.digestFile, 'utf8').trim();
    if (digest === undefined) digest = reported;
    else if (reported !== digest) {
      throw new Error(`${step.image} was pushed as ${reported}, but the first tag as ${digest}.`);
    }
  }
  if (digest === undefined) throw new Error(`${builder} reported no digest.`);
  return { digest, keptTags };
}

/**
 * On a skipped run the extra tags (`latest`, `main`) still have to name this image: each one that is
 * missing or points elsewhere is re-pointed through the registry API (the manifest is copied, no blobs).
 * An immutable repository refuses to move an existing tag; that is a warning, not a failure.
 */
async function alignExtraTags(
  registry: RegistryClient,
  inputs: BuildAndPushInputs,
  digest: string,
  logger: Logger,
  repositoryUri: string,
): Promise<string[]> {
  const moved: string[] = [];
  for (const tag of inputs.tags.slice(1)) {
    const current = await registry.resolve(inputs.repository, tag);
    if (current === digest) continue;
    try {
      await registry.tag(inputs.repository, digest, tag);
      logger.info(`Tagged ${repositoryUri}:${tag} → ${digest}${current ? ` (was ${current})` : ''}.`);
      moved.push(tag);
    } catch (error) {
      if (error instanceof RegistryRefusal && classifyPushFailure(error.body) === 'immutable') {
        logger.warning(
          `${repositoryUri}:${tag} points at ${current} and the repository's tags are immutable; left as it is.`,
        );
        continue;
      }
      throw error;
    }
  }
  return moved;
}

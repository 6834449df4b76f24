import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { selectRole } from '../../lib/aws-credentials.js';
import { ConfigurationError } from '../../lib/errors.js';
import { awsRequestHandler } from '../../lib/proxy.js';
import { Inputs } from '../../lib/inputs.js';
import { realSleep } from '../../lib/retry.js';
import type { BuildAndPushInputs, BuildAndPushResult } from '../../ecr/build-and-push.js';
import { BUILDERS, validateBuildArgs, validatePlatforms, validateSecrets } from '../../ecr/builder-args.js';
import { resolveCommit, resolveTags, validateRepositoryName } from '../../ecr/tags.js';

function readEvent(path: string | undefined): unknown {
  if (!path || !existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `host[:port]`, or `http://host[:port]` for a registry that speaks plain HTTP. */
export function parseRegistry(value: string | undefined): { host: string; insecure: boolean } | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:(https?):\/\/)?([A-Za-z0-9.-]+(?::\d{1,5})?)\/?$/.exec(value);
  if (!match?.[2]) {
    throw new ConfigurationError(
      `Input 'registry' is '${value}': give a registry host such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com or mirror.example.com:5000 (http://host:port for a plain-HTTP registry), without a repository.`,
    );
  }
  return { host: match[2], insecure: match[1] === 'http' };
}

function readLifecyclePolicy(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.startsWith('{') ? value : existsSync(value) ? readFileSync(value, 'utf8') : undefined;
  if (text === undefined) {
    throw new ConfigurationError(
      `Input 'lifecycle-policy' is neither a JSON policy nor an existing file: '${value}'.`,
    );
  }
  try {
    const policy = JSON.parse(text) as { rules?: unknown };
    if (!Array.isArray(policy.rules)) throw new Error('no "rules" array');
  } catch (error) {
    throw new ConfigurationError(
      `Input 'lifecycle-policy' is not an ECR lifecycle policy (${(error as Error).message}); see the ECR lifecycle policy documentation.`,
    );
  }
  return text;
}

/** Reads and validates every input; nothing heavy is loaded before this succeeds. */
export function readInputs(inputs: Inputs, env: NodeJS.ProcessEnv) {
  const repository = validateRepositoryName(
    inputs.required('repository', 'the ECR repository name, e.g. team/app'),
  );
  const commit = resolveCommit({
    eventName: env.GITHUB_EVENT_NAME,
    event: readEvent(env.GITHUB_EVENT_PATH),
    sha: env.GITHUB_SHA,
  });
  const tags = resolveTags(inputs.optional('tag'), inputs.list('extra-tags'), commit);
  const region = inputs.optional('aws-region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new ConfigurationError("Input 'aws-region' is required (or set AWS_REGION).");
  const roleArn = selectRole({
    roleToAssume: inputs.optional('role-to-assume'),
    roleMap: inputs.map('roles'),
    environment: inputs.optional('environment'),
  });
  const context = resolve(inputs.string('context', '.'));
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    throw new ConfigurationError(
      `Input 'context' is '${inputs.string('context', '.')}', which is not a directory.`,
    );
  }
  const fileInput = inputs.optional('file');
  const file =
    fileInput === undefined
      ? join(context, 'Dockerfile')
      : isAbsolute(fileInput)
        ? fileInput
        : resolve(fileInput);
  if (!existsSync(file)) {
    throw new ConfigurationError(
      fileInput === undefined
        ? `There is no Dockerfile in the build context '${inputs.string('context', '.')}': add one or set input 'file'.`
        : `Input 'file' is '${fileInput}', which does not exist.`,
    );
  }
  const registryUsername = inputs.optional('registry-username');
  const registryPassword = inputs.optional('registry-password');
  maskSecrets(registryPassword);
  if ((registryUsername === undefined) !== (registryPassword === undefined)) {
    throw new ConfigurationError(
      "Inputs 'registry-username' and 'registry-password' go together: set both or neither.",
    );
  }
  const core: BuildAndPushInputs = {
    repository,
    tags,
    registry: parseRegistry(inputs.optional('registry')),
    registryCredentials:
      registryUsername !== undefined && registryPassword !== undefined
        ? { username: registryUsername, password: registryPassword }
        : undefined,
    region,
    createRepository: inputs.boolean('create-repository', false),
    tagMutability: inputs.choice('image-tag-mutability', ['IMMUTABLE', 'MUTABLE'] as const, 'IMMUTABLE'),
    scanOnPush: inputs.boolean('scan-on-push', true),
    lifecyclePolicy: readLifecyclePolicy(inputs.optional('lifecycle-policy')),
    skipIfExists: inputs.boolean('skip-if-exists', true),
    builder: inputs.choice('builder', BUILDERS, 'auto'),
    context,
    file,
    buildArgs: validateBuildArgs(inputs.multiline('build-args')),
    secrets: validateSecrets(inputs.multiline('secrets')),
    target: inputs.optional('target'),
    platforms: validatePlatforms(inputs.list('platforms')),
    labels: inputs.map('labels'),
    cache: inputs.boolean('cache', false),
    provenance: inputs.boolean('provenance', false),
    source: env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`
      : undefined,
    revision: commit,
    pushAttempts: inputs.integer('push-attempts', 4, { min: 1, max: 10 }),
  };
  return { core, roleArn, audience: inputs.optional('audience') };
}

export function summaryMarkdown(result: BuildAndPushResult): string {
  const rows = [
    ['image', `\`${result.image}\``],
    ['tags', result.tags.map((tag) => `\`${tag}\``).join(', ')],
    ['digest', `\`${result.digest}\``],
    ['platforms', result.platforms.join(', ') || 'runner default'],
    ['builder', result.builder ?? '—'],
    ['build seconds', result.buildSeconds === undefined ? '—' : result.buildSeconds.toFixed(1)],
    ['skipped', result.skipped ? `yes: ${result.reason}` : `no: ${result.reason}`],
  ];
  return [
    '### ecr-build-push',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
}

export async function main(): Promise<void> {
  const env = process.env;
  const { core, roleArn, audience } = readInputs(new Inputs(), env);

  const [{ buildAndPush }, { createEcrApi }, { runCommand }] = await Promise.all([
    import('../../ecr/build-and-push.js'),
    import('../../ecr/ecr-api.js'),
    import('../../ecr/run-command.js'),
  ]);
  let credentials;
  if (roleArn) {
    const { assumeRoleWithOidc } = await import('../../lib/aws-credentials.js');
    credentials = await assumeRoleWithOidc({
      roleArn,
      region: core.region,
      audience,
      getIdToken,
      mask: (secret) => maskSecrets(secret),
      logger: coreLogger,
    });
  }
  const requestHandler = await awsRequestHandler();
  const result = await buildAndPush(core, {
    ecr: createEcrApi({
      region: core.region,
      ...(credentials ? { credentials } : {}),
      ...(requestHandler ? { requestHandler } : {}),
    }),
    fetch,
    exec: runCommand,
    logger: coreLogger,
    clock: () => new Date(),
    sleep: realSleep,
    mask: (secret) => maskSecrets(secret),
    env,
    tempDir: env.RUNNER_TEMP,
  });
  setOutputs({
    image: result.image,
    'image-digest-uri': result.imageDigestUri,
    digest: result.digest,
    tag: result.tag,
    tags: result.tags.join(','),
    registry: result.registry,
    'repository-uri': result.repositoryUri,
    skipped: String(result.skipped),
  });
  appendSummary(summaryMarkdown(result));
}

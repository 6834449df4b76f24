// Reads and validates the ecr-build-push inputs; nothing heavy is loaded before this succeeds.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { readRoleInputs } from '../lib/aws-credentials.js';
import { ConfigurationError } from '../lib/errors.js';
import type { Inputs } from '../lib/inputs.js';
import { readEvent } from '../lib/run-context.js';
import type { BuildAndPushInputs } from './build-and-push.js';
import { BUILDERS, validateBuildArgs, validatePlatforms, validateSecrets } from './builder-args.js';
import { resolveCommit, resolveTags, validateRepositoryName } from './tags.js';

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
  const { region, ...role } = readRoleInputs(inputs, env);
  if (!region) throw new ConfigurationError("Input 'aws-region' is required (or set AWS_REGION).");
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
  return { core, roleArn: role.roleArn, audience: role.audience };
}

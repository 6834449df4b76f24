// Reads and validates the terragrunt-plan and terragrunt-apply inputs; every mistake names the input to change.
import { join } from 'node:path';
import { readRoleInputs, type RoleInputs } from '../lib/aws-credentials.js';
import { ConfigurationError } from '../lib/errors.js';
import type { Inputs } from '../lib/inputs.js';
import { parseUnits } from './context.js';
import { RELEASE_URLS, type ToolsConfig } from './install.js';
import { normalizeToolVersion } from './tool-versions.js';

function readRootDir(inputs: Inputs): string {
  const rootDir = inputs.string('working-directory', '.').replace(/\/+$/, '') || '.';
  if (rootDir.startsWith('/') || rootDir.split('/').includes('..')) {
    throw new ConfigurationError(
      `Input 'working-directory' must be a path inside the repository, got '${rootDir}'.`,
    );
  }
  return rootDir;
}

/** The tool inputs both actions share: versions to install, their checksums, the provider cache. */
export function readToolInputs(inputs: Inputs, temp: string, workingDirectory: string): ToolsConfig {
  const config: ToolsConfig = {
    versions: {},
    sha256: {},
    downloadUrls: {
      terragrunt: inputs.string('terragrunt-download-url', RELEASE_URLS.terragrunt),
      tofu: inputs.string('tofu-download-url', RELEASE_URLS.tofu),
    },
    binaries: { terragrunt: inputs.optional('terragrunt'), tofu: inputs.optional('tf-path') },
    providerCacheDir: inputs.string('provider-cache-dir', join(temp, 'terragrunt-provider-cache')),
    workingDirectory,
  };
  for (const [tool, binaryInput] of [
    ['terragrunt', 'terragrunt'],
    ['tofu', 'tf-path'],
  ] as const) {
    const version = inputs.optional(`${tool}-version`);
    if (version) config.versions[tool] = normalizeToolVersion(version, `Input '${tool}-version'`);
    if (version && config.binaries[tool]) {
      throw new ConfigurationError(
        `Inputs '${tool}-version' and '${binaryInput}' both choose the ${tool} binary: set only one.`,
      );
    }
    const sha256 = inputs.optional(`${tool}-sha256`)?.toLowerCase();
    if (sha256 && !/^[0-9a-f]{64}$/.test(sha256)) {
      throw new ConfigurationError(`Input '${tool}-sha256' must be 64 hexadecimal digits, got '${sha256}'.`);
    }
    if (sha256) config.sha256[tool] = sha256;
  }
  return config;
}

/** terragrunt-plan's inputs; `env` gives the region's fallback, `temp` the default results directory. */
export function readPlanInputs(inputs: Inputs, env: NodeJS.ProcessEnv, temp: string) {
  const token = inputs.optional('github-token');
  const mode = inputs.choice('mode', ['plan', 'detect', 'report', 'drift'] as const, 'plan');
  const rootDir = readRootDir(inputs);
  const config = {
    mode,
    rootDir,
    units: parseUnits(inputs.optional('units')),
    removed: parseUnits(inputs.optional('removed')),
    allUnits: mode === 'drift' || inputs.boolean('all-units', false),
    includeDependents: inputs.boolean('include-dependents', false),
    detection: inputs.choice('detection', ['static', 'terragrunt'] as const, 'static'),
    exclude: inputs.list('exclude'),
    changedFiles: inputs.optional('changed-files') === undefined ? undefined : inputs.list('changed-files'),
    baseRef: inputs.optional('base-ref'),
    parallelism: inputs.integer('parallelism', 4, { min: 1, max: 64 }),
    terragrunt: inputs.string('terragrunt', 'terragrunt'),
    tfPath: inputs.optional('tf-path'),
    planArgs: inputs.multiline('plan-args'),
    comment: inputs.boolean('comment', true),
    labels: inputs.boolean('labels', false),
    resultsDir: inputs.string('results-dir', join(temp, 'terragrunt-plan')),
    resultFile: inputs.optional('result-file'),
    results: inputs.optional('results'),
    artifactName: inputs.string('artifact-name', 'terragrunt-plans'),
    maxMatrixJobs: inputs.integer('max-matrix-jobs', 64, { min: 1, max: 256 }),
    title: inputs.optional('title'),
    driftLabel: inputs.string('drift-label', 'terragrunt:drift'),
    tools: readToolInputs(inputs, temp, rootDir),
  };
  if (config.driftLabel.includes(',')) {
    throw new ConfigurationError(
      `Input 'drift-label' must be one label without commas (GitHub lists issues by comma-separated labels), got '${config.driftLabel}'.`,
    );
  }
  /** Whether this step runs Terragrunt plans (and so needs the role's credentials). */
  const plans = mode === 'plan' || (mode === 'drift' && !config.results);
  const role = readRoleInputs(inputs, env);
  if (role.roleArn && !role.region && plans) {
    throw new ConfigurationError("Input 'aws-region' is required with a role (or set AWS_REGION).");
  }
  if (mode === 'drift' && !token) {
    throw new ConfigurationError(
      "Input 'github-token' is required by mode drift, which keeps the drift issues: pass `${{ github.token }}` (issues: write).",
    );
  }
  if ((config.comment || config.labels) && !token && mode !== 'detect') {
    throw new ConfigurationError("Input 'github-token' is required to comment: pass `${{ github.token }}`.");
  }
  return { token, config, role, plans, appSlug: inputs.optional('app-slug') };
}

/** terragrunt-apply's inputs; `env` gives the region's fallback, `temp` the plan directory. */
export function readApplyInputs(inputs: Inputs, env: NodeJS.ProcessEnv, temp: string) {
  const rootDir = readRootDir(inputs);
  const command = inputs.string('command', '/apply');
  if (!command.startsWith('/') || /\s/.test(command)) {
    throw new ConfigurationError(
      `Input 'command' must be one word starting with '/', e.g. '/apply'; got '${command}'.`,
    );
  }
  const config = {
    rootDir,
    command,
    requireApproved: inputs.boolean('require-approval', false),
    requireMergeable: inputs.boolean('require-mergeable', false),
    applyOnMerge: inputs.boolean('apply-on-merge', false),
    includeDependents: inputs.boolean('include-dependents', false),
    exclude: inputs.list('exclude'),
    parallelism: inputs.integer('parallelism', 4, { min: 1, max: 64 }),
    terragrunt: inputs.string('terragrunt', 'terragrunt'),
    tfPath: inputs.optional('tf-path'),
    planArgs: inputs.multiline('plan-args'),
    planDir: join(temp, 'terragrunt-apply'),
    planWorkflow: inputs.optional('plan-workflow'),
    planAuthor: inputs.optional('plan-author'),
    tools: readToolInputs(inputs, temp, rootDir),
  };
  const role: RoleInputs = readRoleInputs(inputs, env);
  if (role.roleArn && !role.region)
    throw new ConfigurationError("Input 'aws-region' is required with a role (or set AWS_REGION).");
  return { config, role, appSlug: inputs.optional('app-slug') };
}

// The update-image-tag action's inputs, read and validated before anything heavy is loaded.
import { DEFAULT_AUDIENCE, readRoleInputs } from '../lib/aws-credentials.js';
import { ConfigurationError } from '../lib/errors.js';
import { checkRelativePattern } from '../lib/files.js';
import { DIGEST_RULE, isDigest, isValidTag, TAG_RULE } from '../lib/image-reference.js';
import type { Inputs } from '../lib/inputs.js';
import {
  checkPullRequestNames,
  readPullRequestInputs,
  type PullRequestInputs,
} from '../pull-request/inputs.js';
import type { ImageCheck } from './verify-image.js';
import type { ImageTagRequest } from './update.js';

const FORMATS = ['auto', 'helm', 'kustomize', 'flux-marker'] as const;

export interface RenderSpec {
  tool: 'helm' | 'kustomize';
  /** Chart or kustomization directory, relative to the checkout. */
  dir: string;
}

/** Parses `helm <chart-dir>` and `kustomize <dir>` lines of the 'verify-render' input. */
export function parseRenderSpecs(lines: string[]): RenderSpec[] {
  return lines.map((line) => {
    const match = /^(helm|kustomize)\s+(\S+)$/.exec(line.trim());
    if (!match) {
      throw new ConfigurationError(
        `Input 'verify-render': '${line}' is not 'helm <chart-dir>' or 'kustomize <dir>' (one per line, relative to 'path').`,
      );
    }
    const dir = checkRelativePattern(match[2] as string, 'verify-render').replace(/\/+$/, '') || '.';
    return { tool: match[1] as RenderSpec['tool'], dir };
  });
}

export interface UpdateImageTagInputs {
  files: string[];
  request: ImageTagRequest;
  /** Checkout directory (the 'path' input, relative to the workspace). */
  path: string;
  app: string;
  environment?: string;
  /** Check the image exists in its registry first. */
  verifyImage?: ImageCheck;
  /** Renders to check before committing. */
  verifyRender: RenderSpec[];
  /** The commit the image was built from, `owner/repo@sha`. */
  sourceCommit?: { repository: string; sha: string };
  /** Set with pull-request: true. */
  pullRequest?: PullRequestInputs;
}

export function readUpdateImageTagInputs(inputs: Inputs, env: NodeJS.ProcessEnv): UpdateImageTagInputs {
  const files = inputs.multiline('files');
  if (files.length === 0)
    throw new ConfigurationError(
      "Input 'files' is required: the values files to update, one path or glob per line.",
    );
  const tag = inputs.required('tag', 'the image tag to write');
  if (!isValidTag(tag) && !isDigest(tag)) {
    throw new ConfigurationError(
      `Input 'tag': '${tag}' is not a valid image tag (${TAG_RULE}) nor a digest (${DIGEST_RULE}).`,
    );
  }
  const digest = inputs.optional('digest');
  if (digest !== undefined && !isDigest(digest))
    throw new ConfigurationError(`Input 'digest': '${digest}' is not ${DIGEST_RULE}.`);
  const imageName = inputs.optional('image-name');
  const environment = inputs.optional('environment');
  const app = inputs.optional('app') ?? (env.GITHUB_REPOSITORY ?? '').split('/')[1] ?? 'app';
  const image = inputs.optional('verify-image');
  const role = image ? readRoleInputs(inputs) : undefined;
  const verifyImage: ImageCheck | undefined =
    image && role
      ? {
          image,
          reference: digest ?? tag,
          username: inputs.optional('registry-username'),
          password: inputs.optional('registry-password'),
          roleArn: role.roleArn,
          region: role.region,
          audience: role.audience ?? DEFAULT_AUDIENCE,
        }
      : undefined;
  return {
    files,
    request: {
      format: inputs.choice('format', FORMATS, 'auto'),
      keys: inputs.multiline('key'),
      values: { tag, ...(digest ? { digest } : {}), ...(imageName ? { name: imageName } : {}) },
      allowAliases: inputs.boolean('allow-aliases', false),
    },
    path: inputs.string('path', '.'),
    app,
    ...(environment ? { environment } : {}),
    ...(verifyImage ? { verifyImage } : {}),
    verifyRender: parseRenderSpecs(inputs.multiline('verify-render')),
    ...sourceCommit(inputs.optional('source-commit'), env),
    ...(inputs.boolean('pull-request', true)
      ? { pullRequest: pullRequestInputs(inputs, env, app, environment, digest ?? tag) }
      : {}),
  };
}

/** The pull request's inputs, with the branch and title derived from app and environment when not given. */
function pullRequestInputs(
  inputs: Inputs,
  env: NodeJS.ProcessEnv,
  app: string,
  environment: string | undefined,
  reference: string,
): PullRequestInputs & { branch: string; title: string } {
  const pr = readPullRequestInputs(inputs, env, { autoMerge: true });
  const branch = pr.branch ?? `platform-actions/${environment ? `${environment}/` : ''}${app}`;
  const title = pr.title ?? `Deploy ${app}${environment ? ` to ${environment}` : ''}: ${reference}`;
  // Derived names are checked like inputs, before any API call.
  checkPullRequestNames(branch, title, {
    branch: pr.branch ? "Input 'branch'" : "Inputs 'environment' and 'app' (the branch name)",
    title: pr.title ? "Input 'title'" : "Inputs 'app' and 'environment' (the title)",
  });
  return { ...pr, branch, title };
}

function sourceCommit(
  input: string | undefined,
  env: NodeJS.ProcessEnv,
): { sourceCommit?: { repository: string; sha: string } } {
  if (input !== undefined) {
    const match = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{7,64})$/.exec(input);
    if (!match)
      throw new ConfigurationError(
        `Input 'source-commit': '${input}' is not 'owner/repo@sha', e.g. 'acme/backend@0f4e5d6c7b8a'.`,
      );
    return { sourceCommit: { repository: match[1] as string, sha: match[2] as string } };
  }
  return env.GITHUB_REPOSITORY && env.GITHUB_SHA
    ? { sourceCommit: { repository: env.GITHUB_REPOSITORY, sha: env.GITHUB_SHA } }
    : {};
}

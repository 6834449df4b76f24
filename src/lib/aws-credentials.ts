import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { ConfigurationError, getErrorMessage } from './errors.js';
import type { Inputs } from './inputs.js';
import type { Logger } from './logger.js';
import { awsRequestHandler } from './proxy.js';
import { retry, type Sleep } from './retry.js';

export const DEFAULT_AUDIENCE = 'sts.amazonaws.com';

export interface RoleSelection {
  /** A single role ARN; wins over the map. */
  roleToAssume?: string;
  /** environment → role ARN, e.g. from `dev=arn:aws:iam::111111111111:role/deploy` lines. */
  roleMap?: Map<string, string>;
  environment?: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** The role to assume, or undefined to use the SDK's default credential chain. */
export function selectRole(selection: RoleSelection): string | undefined {
  let role = selection.roleToAssume;
  let source = "'role-to-assume'";
  if (role === undefined && selection.roleMap && selection.roleMap.size > 0) {
    if (!selection.environment) {
      throw new ConfigurationError(
        `Input 'roles' maps environments (${[...selection.roleMap.keys()].join(', ')}) to roles, but 'environment' is empty: set 'environment' to one of them.`,
      );
    }
    role = selection.roleMap.get(selection.environment);
    if (role === undefined) {
      throw new ConfigurationError(
        `Input 'roles' has no role for environment '${selection.environment}'; it maps ${[...selection.roleMap.keys()].join(', ')}. Add a line '${selection.environment}=arn:aws:iam::<account>:role/<name>'.`,
      );
    }
    source = `'roles' for environment '${selection.environment}'`;
  }
  if (role !== undefined && !ROLE_ARN.test(role)) {
    throw new ConfigurationError(
      `The role from ${source} is not an IAM role ARN: '${role}'. Expected arn:aws:iam::<12-digit account>:role/<name>.`,
    );
  }
  return role;
}

export interface RoleInputs {
  /** From 'role-to-assume', or 'roles' for 'environment'; undefined: the SDK's default credential chain. */
  roleArn?: string;
  /** 'aws-region', else AWS_REGION / AWS_DEFAULT_REGION of `env` when it is given. */
  region?: string;
  audience?: string;
}

/** Reads the role inputs every AWS-using action shares: role-to-assume, roles, environment, aws-region, audience. */
export function readRoleInputs(inputs: Inputs, env?: NodeJS.ProcessEnv): RoleInputs {
  const region = inputs.optional('aws-region') ?? env?.AWS_REGION ?? env?.AWS_DEFAULT_REGION;
  const roleArn = selectRole({
    roleToAssume: inputs.optional('role-to-assume'),
    roleMap: inputs.map('roles'),
    environment: inputs.optional('environment'),
  });
  return { roleArn, region, audience: inputs.optional('audience') };
}

export type RoleDeps = Pick<OidcCredentialsOptions, 'getIdToken' | 'mask' | 'logger' | 'env'>;

/** Assumes the role when one is configured; undefined when not (the SDK's default chain applies). */
export async function assumeConfiguredRole(
  role: { roleArn?: string; region: string; audience?: string },
  deps: RoleDeps,
): Promise<AwsCredentials | undefined> {
  if (!role.roleArn) return undefined;
  return assumeRoleWithOidc({
    roleArn: role.roleArn,
    region: role.region,
    audience: role.audience,
    ...deps,
  });
}

export interface OidcCredentialsOptions {
  roleArn: string;
  region: string;
  audience?: string;
  sessionName?: string;
  durationSeconds?: number;
  /** Fetches GitHub's OIDC token for an audience (core.getIDToken on a runner). */
  getIdToken: (audience: string) => Promise<string>;
  /** Hides a secret from logs (core.setSecret on a runner). */
  mask: (secret: string) => void;
  logger: Logger;
  sleep?: Sleep;
  env?: NodeJS.ProcessEnv;
  maxAttempts?: number;
}

export interface AwsCredentials extends AwsCredentialIdentity {
  sessionToken: string;
}

export type TokenClaims = Record<string, unknown>;

const RETRYABLE_STS_ERRORS = new Set([
  'IDPCommunicationError',
  'IDPCommunicationErrorException',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalFailure',
  'RequestTimeout',
  'TimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED']);

export function isRetryableStsError(error: unknown): boolean {
  const { name, code, $metadata } = (error ?? {}) as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (name && RETRYABLE_STS_ERRORS.has(name)) return true;
  if (code && NETWORK_CODES.has(code)) return true;
  return ($metadata?.httpStatusCode ?? 0) >= 500;
}

/** AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Refuses a region that is not one, before any request (the SDK would fail with a stack or a DNS error). */
export function checkRegion(region: string, inputName = 'aws-region'): void {
  if (!REGION.test(region)) {
    throw new ConfigurationError(
      `Input '${inputName}': '${region}' is not an AWS region; use a name such as 'eu-west-1' or 'us-east-1'.`,
    );
  }
}

/** Exchanges GitHub's OIDC token for temporary credentials of `roleArn` (AssumeRoleWithWebIdentity). */
export async function assumeRoleWithOidc(options: OidcCredentialsOptions): Promise<AwsCredentials> {
  const env = options.env ?? process.env;
  checkRegion(options.region);
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new ConfigurationError(
      "GitHub did not give this job an OIDC token, so it cannot assume '" +
        options.roleArn +
        "'. Add `permissions: id-token: write` to the job (or workflow). Pull requests from forks never get a token: run such jobs with pull_request_target only after review, or skip the AWS step for forks.",
    );
  }
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const token = await options.getIdToken(audience);
  options.mask(token);
  const { fromWebToken } = await import('@aws-sdk/credential-provider-web-identity');
  const requestHandler = await awsRequestHandler(env);
  const sessionName = options.sessionName ?? defaultSessionName(env);
  const provider = fromWebToken({
    roleArn: options.roleArn,
    roleSessionName: sessionName,
    durationSeconds: options.durationSeconds ?? 3600,
    webIdentityToken: token,
    clientConfig: { region: options.region, maxAttempts: 1, ...(requestHandler ? { requestHandler } : {}) },
  });
  try {
    const credentials = await retry(() => provider(), {
      maxAttempts: options.maxAttempts ?? 4,
      baseMs: 1000,
      sleep: options.sleep,
      isRetryable: isRetryableStsError,
      onRetry: (error, attempt, waitMs) =>
        options.logger.warning(
          `AssumeRoleWithWebIdentity failed (${getErrorMessage(error)}); attempt ${attempt + 1} in ${Math.round(waitMs / 1000)} s.`,
        ),
    });
    if (!credentials.sessionToken) throw new Error('AssumeRoleWithWebIdentity returned no session token.');
    options.mask(credentials.secretAccessKey);
    options.mask(credentials.sessionToken);
    options.mask(credentials.accessKeyId);
    return credentials as AwsCredentials;
  } catch (error) {
    if (isAccessDenied(error)) {
      throw new ConfigurationError(explainAccessDenied(options.roleArn, decodeClaims(token), error));
    }
    throw error;
  }
}

function defaultSessionName(env: NodeJS.ProcessEnv): string {
  const parts = ['platform-actions', env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean);
  return parts.join('-').slice(0, 64);
}

function isAccessDenied(error: unknown): boolean {
  const { name, Code } = (error ?? {}) as { name?: string; Code?: string };
  return [name, Code].some((value) => value === 'AccessDenied' || value === 'AccessDeniedException');
}

/** The claims of a JWT, without verifying it. Never returns the token itself. */
export function decodeClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return {};
  }
}

const SHOWN_CLAIMS = ['sub', 'aud', 'repository', 'environment', 'ref', 'job_workflow_ref'];

export function explainAccessDenied(roleArn: string, claims: TokenClaims, error: unknown): string {
  const issuerHost =
    typeof claims.iss === 'string' ? new URL(claims.iss).host : 'token.actions.githubusercontent.com';
  const shown = SHOWN_CLAIMS.filter((claim) => claims[claim] !== undefined)
    .map((claim) => `  ${claim}: ${JSON.stringify(claims[claim])}`)
    .join('\n');
  const condition = {
    StringEquals: {
      [`${issuerHost}:aud`]: claims.aud ?? DEFAULT_AUDIENCE,
      [`${issuerHost}:sub`]: claims.sub ?? '<sub>',
    },
  };
  return [
    `AWS refused to let this workflow assume ${roleArn}: ${getErrorMessage(error)}`,
    'The OIDC token GitHub sent has these claims:',
    shown || '  (none could be read)',
    "The role's trust policy must trust the OIDC provider " +
      `arn:aws:iam::<account>:oidc-provider/${issuerHost} and have a Condition that matches them, e.g.:`,
    JSON.stringify({ Condition: condition }, null, 2),
    "'sub' is compared case-sensitively; use StringLike with a '*' to allow several branches or environments.",
  ].join('\n');
}

/** Environment variables that hand credentials to a child process (terragrunt, sqldef). */
export function credentialsEnv(credentials: AwsCredentials, region: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}

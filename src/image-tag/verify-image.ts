// Checks that an image tag or digest exists in an OCI registry before it is written anywhere:
// HEAD /v2/<repository>/manifests/<reference>, with Basic auth, a Bearer token challenge, or an ECR token.
import { ConfigurationError } from '../lib/errors.js';
import { awsRequestHandler } from '../lib/proxy.js';
import { isEcrRegistry, parseEcrHost } from '../lib/image-reference.js';
import type { Logger } from '../lib/logger.js';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface VerifyImageOptions {
  /** `registry[:port]/repository`, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/backend`. */
  image: string;
  /** Tag or digest. */
  reference: string;
  username?: string;
  password?: string;
  /** Plain HTTP (local test registries). Default: http for 127.0.0.1/localhost, else https. */
  insecure?: boolean;
  fetch?: typeof fetch;
}

export function parseImage(image: string): { registry: string; repository: string } {
  const slash = image.indexOf('/');
  const host = slash > 0 ? image.slice(0, slash) : '';
  if (slash <= 0 || !/[.:]|^localhost$/.test(host)) {
    throw new ConfigurationError(
      `Input 'verify-image': '${image}' must name the registry and repository, e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/backend'.`,
    );
  }
  return { registry: host, repository: image.slice(slash + 1) };
}

/** Returns the manifest digest when the reference exists; throws a ConfigurationError when it does not. */
export async function verifyImage(options: VerifyImageOptions): Promise<string | undefined> {
  const doFetch = options.fetch ?? fetch;
  const { registry, repository } = parseImage(options.image);
  const scheme = (options.insecure ?? /^(127\.0\.0\.1|localhost)(:|$)/.test(registry)) ? 'http' : 'https';
  const url = `${scheme}://${registry}/v2/${repository}/manifests/${options.reference}`;
  const basic =
    options.username !== undefined && options.password !== undefined
      ? `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`
      : undefined;
  const head = (authorization?: string) =>
    doFetch(url, {
      method: 'HEAD',
      headers: { accept: MANIFEST_TYPES, ...(authorization ? { authorization } : {}) },
    });
  let response = await head(basic);
  if (response.status === 401) {
    const challenge = response.headers.get('www-authenticate') ?? '';
    const bearer = /^Bearer\s+(.*)$/i.exec(challenge);
    if (bearer?.[1]) {
      const params = Object.fromEntries([...bearer[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      const tokenUrl = new URL(params.realm ?? '');
      if (params.service) tokenUrl.searchParams.set('service', params.service);
      tokenUrl.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
      const tokenResponse = await doFetch(tokenUrl, { headers: basic ? { authorization: basic } : {} });
      if (tokenResponse.ok) {
        const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
        response = await head(`Bearer ${body.token ?? body.access_token ?? ''}`);
      }
    }
  }
  if (response.status === 200) return response.headers.get('docker-content-digest') ?? undefined;
  if (response.status === 404) {
    throw new ConfigurationError(
      `Image ${options.image}:${options.reference} does not exist in the registry; push it first (or check 'tag' and 'verify-image'). Nothing was changed.`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new ConfigurationError(
      `The registry refused to show ${options.image} (HTTP ${response.status}); give 'registry-username' and 'registry-password', or AWS credentials for ECR.`,
    );
  }
  throw new Error(`Checking ${options.image}:${options.reference} failed: HTTP ${response.status}.`);
}

/** ECR's registry credentials (GetAuthorizationToken), with given AWS credentials or the SDK's default chain. */
export async function ecrCredentials(
  registry: string,
  aws?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Promise<{ username: string; password: string }> {
  const region = parseEcrHost(registry)?.region;
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  const requestHandler = await awsRequestHandler();
  const client = new ECRClient({
    ...(region ? { region } : {}),
    ...(aws ? { credentials: aws } : {}),
    ...(requestHandler ? { requestHandler } : {}),
  });
  const result = await client.send(new GetAuthorizationTokenCommand({}));
  const token = result.authorizationData?.[0]?.authorizationToken;
  if (!token) throw new Error('ECR returned no authorization token.');
  const [username = '', password = ''] = Buffer.from(token, 'base64').toString('utf8').split(':');
  return { username, password };
}

export interface ImageCheck {
  /** `registry/repository`. */
  image: string;
  /** Tag or digest to look for. */
  reference: string;
  username?: string;
  password?: string;
  /** Role to assume with GitHub OIDC to read ECR; else the SDK's default chain. */
  roleArn?: string;
  region?: string;
  audience: string;
}

export interface ImageCheckDeps {
  getIdToken: (audience: string) => Promise<string>;
  mask: (secret: string) => void;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/**
 * Looks the image up with the given registry credentials, or, for ECR, with an ECR token obtained with
 * the role (or the job's AWS credentials). Returns the manifest digest the registry reported.
 */
export async function checkImageExists(check: ImageCheck, deps: ImageCheckDeps): Promise<string | undefined> {
  const { registry } = parseImage(check.image);
  let credentials =
    check.username && check.password ? { username: check.username, password: check.password } : undefined;
  if (!credentials && isEcrRegistry(registry)) {
    const { assumeConfiguredRole } = await import('../lib/aws-credentials.js');
    const aws = await assumeConfiguredRole(
      {
        roleArn: check.roleArn,
        region: check.region ?? parseEcrHost(registry)?.region ?? deps.env.AWS_REGION ?? 'us-east-1',
        audience: check.audience,
      },
      { getIdToken: deps.getIdToken, mask: deps.mask, logger: deps.logger, env: deps.env },
    );
    credentials = await ecrCredentials(registry, aws);
    deps.mask(credentials.password);
  }
  const found = await verifyImage({
    image: check.image,
    reference: check.reference,
    ...(credentials ?? {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  deps.logger.info(`${check.image}:${check.reference} exists in the registry${found ? ` (${found})` : ''}.`);
  return found;
}

// Checks that an image tag or digest exists in an OCI registry before it is written anywhere:
// HEAD /v2/<repository>/manifests/<reference>, with Basic auth, a Bearer token challenge, or an ECR token.
import { ConfigurationError } from '../lib/errors.js';
import { awsRequestHandler } from '../lib/proxy.js';

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

export function isEcrRegistry(registry: string): boolean {
  return /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(registry);
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

export function ecrRegion(registry: string): string | undefined {
  return /\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws/.exec(registry)?.[1];
}

/** ECR's registry credentials (GetAuthorizationToken), with given AWS credentials or the SDK's default chain. */
export async function ecrCredentials(
  registry: string,
  aws?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Promise<{ username: string; password: string }> {
  const region = ecrRegion(registry);
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

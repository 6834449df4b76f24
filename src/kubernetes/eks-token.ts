import { createHash, createHmac } from 'node:crypto';

export const TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header that binds a token to one cluster (signed, so STS refuses the token for any other cluster). */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** EKS accepts a token for 15 minutes after it was signed. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;
/** `aws eks get-token` reports a token as expiring a minute early, so that a client renews it in time. */
const RENEW_MARGIN_MS = 60_000;

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface EksToken {
  token: string;
  /** When to get a new one (a minute before EKS stops accepting it). */
  expiresAt: Date;
}

/** The regional STS host a token is signed for (`sts.<region>.amazonaws.com`, `.com.cn` in China). */
export function stsHost(region: string): string {
  return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The SigV4 signature of a presigned GET to `host` with these query parameters (all but X-Amz-Signature)
 * and signed headers (lower-case names). Used to sign tokens, and by a verifier to check them.
 */
export function presignSignature(
  host: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  secretAccessKey: string,
): string {
  const date = params['X-Amz-Date'] ?? '';
  const [, , region, service] = (params['X-Amz-Credential'] ?? '').split('/');
  const canonicalQuery = Object.keys(params)
    .filter((key) => key !== 'X-Amz-Signature')
    .sort()
    .map((key) => `${encode(key)}=${encode(params[key] ?? '')}`)
    .join('&');
  const allHeaders: Record<string, string> = { host, ...headers };
  const names = Object.keys(allHeaders)
    .map((name) => name.toLowerCase())
    .sort();
  const canonicalHeaders = names.map((name) => `${name}:${(allHeaders[name] ?? '').trim()}\n`).join('');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery,
    canonicalHeaders,
    names.join(';'),
    sha256Hex(''),
  ].join('\n');
  const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, date.slice(0, 8));
  key = hmac(key, region ?? '');
  key = hmac(key, service ?? '');
  key = hmac(key, 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
}

/**
 * A bearer token for an EKS cluster, as `aws eks get-token` makes it: `k8s-aws-v1.` + base64url (no
 * padding) of a presigned STS GetCallerIdentity URL whose signature covers the `x-k8s-aws-id: <cluster>`
 * header. Made locally (no AWS call); EKS asks STS who signed it.
 */
export function eksToken(options: {
  clusterName: string;
  region: string;
  credentials: SigningCredentials;
  now?: Date;
}): EksToken {
  const now = options.now ?? new Date();
  const host = stsHost(options.region);
  const date = amzDate(now);
  const params: Record<string, string> = {
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${options.credentials.accessKeyId}/${date.slice(0, 8)}/${options.region}/sts/aws4_request`,
    'X-Amz-Date': date,
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': `host;${CLUSTER_ID_HEADER}`,
  };
  if (options.credentials.sessionToken) params['X-Amz-Security-Token'] = options.credentials.sessionToken;
  params['X-Amz-Signature'] = presignSignature(
    host,
    params,
    { [CLUSTER_ID_HEADER]: options.clusterName },
    options.credentials.secretAccessKey,
  );
  const query = Object.entries(params)
    .map(([key, value]) => `${encode(key)}=${encode(value)}`)
    .join('&');
  const url = `https://${host}/?${query}`;
  return {
    token: TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url'),
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS - RENEW_MARGIN_MS),
  };
}

/** A token source for KubeClient: signs a new token when the last one is about to expire. */
export function eksTokenSource(options: {
  clusterName: string;
  region: string;
  credentials: () => Promise<SigningCredentials>;
  clock?: () => Date;
  mask?: (secret: string) => void;
}): () => Promise<string> {
  let current: EksToken | undefined;
  return async () => {
    const now = options.clock?.() ?? new Date();
    if (!current || current.expiresAt <= now) {
      current = eksToken({ ...options, credentials: await options.credentials(), now });
      options.mask?.(current.token);
    }
    return current.token;
  };
}

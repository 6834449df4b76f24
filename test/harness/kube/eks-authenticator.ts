/**
 * The API server's token webhook (authentication.k8s.io/v1 TokenReview) doing what aws-iam-authenticator
 * does on EKS: parse the `k8s-aws-v1.` token, check its STS URL, its cluster-id header and its 15-minute
 * expiry, send the presigned GetCallerIdentity to STS (moto) and map the role it returns to a Kubernetes
 * user and groups, as EKS access entries or `mapRoles` do.
 *
 * moto does not check presigned signatures, so this server checks the signature as STS would: with the
 * secret of the signing key (moto's assumed-role credentials) and the cluster id the API server expects,
 * which is how a token signed for another cluster is refused.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import {
  CLUSTER_ID_HEADER,
  presignSignature,
  TOKEN_LIFETIME_MS,
  TOKEN_PREFIX,
} from '../../../src/kubernetes/eks-token.js';

export interface RoleMapping {
  /** arn:aws:iam::<account>:role/<name> */
  rolearn: string;
  /** May hold `{{SessionName}}`. */
  username: string;
  groups: string[];
}

export interface TokenReviewRecord {
  authenticated: boolean;
  username?: string;
  error?: string;
}

export interface EksAuthenticator {
  /** `http://127.0.0.1:PORT/authenticate`, for the API server's webhook config. */
  url: string;
  /** Every review answered, in order. */
  reviews: TokenReviewRecord[];
  /** Calls made to STS (moto). */
  stsCalls: number;
  mapRole(mapping: RoleMapping): void;
  stop(): Promise<void>;
}

const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;
const ALLOWED_PARAMS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

class Refused extends Error {}

function get(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** GetCallerIdentity's answer, as JSON (what aws-iam-authenticator asks for) or XML. */
function callerIdentity(text: string): { arn: string; account: string; userId: string } {
  try {
    const json = JSON.parse(text) as {
      GetCallerIdentityResponse?: {
        GetCallerIdentityResult?: { Arn?: string; Account?: string; UserId?: string };
      };
    };
    const result = json.GetCallerIdentityResponse?.GetCallerIdentityResult ?? {};
    return { arn: result.Arn ?? '', account: result.Account ?? '', userId: result.UserId ?? '' };
  } catch {
    const tag = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(text)?.[1] ?? '';
    return { arn: tag('Arn'), account: tag('Account'), userId: tag('UserId') };
  }
}

function parseAmzDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) throw new Refused(`X-Amz-Date '${value}' is not of the form YYYYMMDDTHHMMSSZ`);
  const [, y, mo, d, h, mi, s] = match;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

export async function startEksAuthenticator(options: {
  clusterId: string;
  stsEndpoint: string;
  mapRoles?: RoleMapping[];
  clock?: () => Date;
}): Promise<EksAuthenticator> {
  const mappings = [...(options.mapRoles ?? [])];
  const reviews: TokenReviewRecord[] = [];
  const state = { stsCalls: 0 };

  const secretOf = async (accessKeyId: string): Promise<string | undefined> => {
    const data = (await (await fetch(`${options.stsEndpoint}/moto-api/data.json`)).json()) as {
      sts?: { AssumedRole?: { access_key_id: string; secret_access_key: string }[] };
    };
    return data.sts?.AssumedRole?.find((role) => role.access_key_id === accessKeyId)?.secret_access_key;
  };

  const verify = async (
    token: string,
  ): Promise<{ username: string; uid: string; groups: string[]; extra: Record<string, string[]> }> => {
    if (!token.startsWith(TOKEN_PREFIX)) throw new Refused(`token does not start with ${TOKEN_PREFIX}`);
    const body = token.slice(TOKEN_PREFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(body))
      throw new Refused('input token was not properly formatted: not base64url');
    let url: URL;
    try {
      url = new URL(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new Refused('input token was not properly formatted: not a URL');
    }
    if (url.protocol !== 'https:' || !STS_HOST.test(url.hostname) || url.pathname !== '/') {
      throw new Refused(`unexpected STS endpoint ${url.protocol}//${url.host}${url.pathname}`);
    }
    const params: Record<string, string> = {};
    for (const [key, value] of url.searchParams) {
      if (!ALLOWED_PARAMS.has(key.toLowerCase())) throw new Refused(`non-allowlisted query parameter ${key}`);
      params[key] = value;
    }
    if (params.Action !== 'GetCallerIdentity')
      throw new Refused('unexpected action parameter in pre-signed URL');
    const signed = (params['X-Amz-SignedHeaders'] ?? '').split(';');
    if (!signed.includes(CLUSTER_ID_HEADER)) {
      throw new Refused(`client did not sign the ${CLUSTER_ID_HEADER} header in the pre-signed URL`);
    }
    const date = parseAmzDate(params['X-Amz-Date'] ?? '');
    const now = options.clock?.() ?? new Date();
    if (now.getTime() > date.getTime() + TOKEN_LIFETIME_MS) {
      throw new Refused('X-Amz-Date parameter is expired (15 minute expiration)');
    }
    const accessKeyId = (params['X-Amz-Credential'] ?? '').split('/')[0] ?? '';
    const secret = await secretOf(accessKeyId);
    if (!secret)
      throw new Refused('sts getCallerIdentity failed: InvalidClientTokenId: the security token is invalid');
    const expected = presignSignature(
      url.hostname,
      params,
      { [CLUSTER_ID_HEADER]: options.clusterId },
      secret,
    );
    if (expected !== params['X-Amz-Signature']) {
      throw new Refused(
        `sts getCallerIdentity failed: SignatureDoesNotMatch (the token was not signed for cluster '${options.clusterId}')`,
      );
    }
    state.stsCalls++;
    // moto routes a request, and finds its caller, by the Authorization header only: send the same
    // signature in header form (the query form is what the token carries).
    const { status: code, text } = await get(
      `${options.stsEndpoint}/?Action=GetCallerIdentity&Version=2011-06-15`,
      {
        authorization: `AWS4-HMAC-SHA256 Credential=${params['X-Amz-Credential']}, SignedHeaders=${params['X-Amz-SignedHeaders']}, Signature=${params['X-Amz-Signature']}`,
        'x-amz-date': params['X-Amz-Date'] ?? '',
        ...(params['X-Amz-Security-Token'] ? { 'x-amz-security-token': params['X-Amz-Security-Token'] } : {}),
        [CLUSTER_ID_HEADER]: options.clusterId,
        accept: 'application/json',
      },
    );
    if (code !== 200) throw new Refused(`sts getCallerIdentity failed: HTTP ${code}: ${text.slice(0, 200)}`);
    const identity = callerIdentity(text);
    const { arn, account, userId } = identity;
    const assumed = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
    if (!assumed)
      throw new Refused(`ARN '${arn}' is not an assumed role (STS answered: ${text.slice(0, 300)})`);
    const [, partition, accountId, roleName, sessionName] = assumed;
    const canonical = `arn:${partition}:iam::${accountId}:role/${roleName}`;
    const mapping = mappings.find((entry) => entry.rolearn === canonical);
    if (!mapping) throw new Refused(`ARN is not mapped: ${canonical}`);
    return {
      username: mapping.username.replace('{{SessionName}}', sessionName ?? ''),
      uid: `aws-iam-authenticator:${account}:${userId}`,
      groups: mapping.groups,
      extra: {
        arn: [arn],
        canonicalArn: [canonical],
        sessionName: [sessionName ?? ''],
        accessKeyId: [accessKeyId],
      },
    };
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => resolve(text));
      req.on('error', reject);
    });

  const server = createServer(async (req, res) => {
    const review = JSON.parse(await readBody(req)) as { apiVersion?: string; spec?: { token?: string } };
    let status: Record<string, unknown>;
    try {
      const user = await verify(review.spec?.token ?? '');
      status = { authenticated: true, user, audiences: [] };
      reviews.push({ authenticated: true, username: user.username });
    } catch (error) {
      const message =
        error instanceof Refused ? error.message : `authenticator error: ${(error as Error).message}`;
      status = { authenticated: false, error: message };
      reviews.push({ authenticated: false, error: message });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        apiVersion: review.apiVersion ?? 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        status,
      }),
    );
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    url: `http://127.0.0.1:${port}/authenticate`,
    reviews,
    get stsCalls() {
      return state.stsCalls;
    },
    mapRole: (mapping) => mappings.push(mapping),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

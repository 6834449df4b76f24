// A kubeconfig (from a secret) read into what a client needs: server, CA, and a token or client certificate.
import { parse } from 'yaml';
import { ConfigurationError } from '../lib/errors.js';

export interface KubeconfigCluster {
  server: string;
  ca?: string;
  auth: { token: string } | { clientCertificate: string; clientKey: string };
  context: string;
  /** Secrets in it, to mask. */
  secrets: string[];
}

interface Named<T> {
  name?: string;
  cluster?: T;
  user?: T;
  context?: T;
}

const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');

/** The server and credentials of the kubeconfig's current context (or `context`). Inline data only. */
export function readKubeconfig(text: string, context?: string): KubeconfigCluster {
  let config: {
    'current-context'?: string;
    contexts?: Named<{ cluster?: string; user?: string }>[];
    clusters?: Named<Record<string, unknown>>[];
    users?: Named<Record<string, unknown>>[];
  };
  try {
    const source = text.includes(':') ? text : decode(text);
    config = parse(source) as typeof config;
  } catch (error) {
    throw new ConfigurationError(
      `Input 'kubeconfig' is not a kubeconfig YAML (nor base64 of one): ${(error as Error).message}`,
    );
  }
  if (!config || typeof config !== 'object' || !Array.isArray(config.clusters)) {
    throw new ConfigurationError(
      "Input 'kubeconfig' has no 'clusters': pass the whole kubeconfig file's content.",
    );
  }
  const name = context ?? config['current-context'];
  const entry = (config.contexts ?? []).find((c) => c.name === name)?.context;
  if (!name || !entry) {
    const names = (config.contexts ?? []).map((c) => c.name).join(', ') || 'none';
    throw new ConfigurationError(
      `The kubeconfig has no context '${name ?? ''}' (contexts: ${names}); set 'kube-context'.`,
    );
  }
  const cluster = config.clusters.find((c) => c.name === entry.cluster)?.cluster;
  const user = (config.users ?? []).find((u) => u.name === entry.user)?.user ?? {};
  const server = typeof cluster?.server === 'string' ? cluster.server : undefined;
  if (!server || !/^https?:\/\//.test(server)) {
    throw new ConfigurationError(`The kubeconfig's cluster '${entry.cluster ?? ''}' has no https:// server.`);
  }
  if (cluster?.['insecure-skip-tls-verify'] === true) {
    throw new ConfigurationError(
      'The kubeconfig turns off TLS verification (insecure-skip-tls-verify); give certificate-authority-data instead.',
    );
  }
  for (const field of ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile']) {
    if (cluster?.[field] !== undefined || user[field] !== undefined) {
      throw new ConfigurationError(
        `The kubeconfig refers to a file ('${field}'); inline it ('${field}-data') so the secret is self-contained.`,
      );
    }
  }
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    throw new ConfigurationError(
      "The kubeconfig's user runs a credential plugin (exec/auth-provider), which a runner does not have: use a ServiceAccount token, a client certificate, or 'cluster-name' for EKS.",
    );
  }
  const ca =
    typeof cluster?.['certificate-authority-data'] === 'string'
      ? decode(cluster['certificate-authority-data'])
      : undefined;
  const base = { server, ...(ca ? { ca } : {}), context: name };
  if (typeof user.token === 'string' && user.token !== '') {
    return { ...base, auth: { token: user.token }, secrets: [user.token] };
  }
  const cert = user['client-certificate-data'];
  const key = user['client-key-data'];
  if (typeof cert === 'string' && typeof key === 'string') {
    return {
      ...base,
      auth: { clientCertificate: decode(cert), clientKey: decode(key) },
      secrets: [key, decode(key)],
    };
  }
  throw new ConfigurationError(
    `The kubeconfig's user '${entry.user ?? ''}' has neither a token nor client-certificate-data and client-key-data.`,
  );
}

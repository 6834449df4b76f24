import { describe, expect, it } from '@jest/globals';
import { parseWorkloads, readDeployStatusInputs } from '../../../src/deploy-status/inputs.js';
import { readKubeconfig } from '../../../src/kubernetes/kubeconfig.js';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { Inputs } from '../../../src/lib/inputs.js';

const DIGEST = 'sha256:' + 'f'.repeat(64);
const BASE = {
  'cluster-name': 'dev',
  'aws-region': 'ap-northeast-1',
  application: 'backend-dev',
  revision: 'b'.repeat(40),
  image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/backend:abc',
  digest: DIGEST,
  environment: 'dev',
  token: 'ghs_token',
};
const ENV = { GITHUB_REPOSITORY: 'acme/backend', GITHUB_SHA: 'c'.repeat(40) };

function read(values: Record<string, string>) {
  return readDeployStatusInputs(new Inputs((name) => values[name] ?? ''), ENV);
}

describe('deploy-status inputs', () => {
  it('reads an EKS deploy with Argo CD defaults and a GitHub Deployment', () => {
    const inputs = read(BASE);
    expect(inputs.access).toMatchObject({ kind: 'eks', clusterName: 'dev', region: 'ap-northeast-1' });
    expect(inputs.controller).toEqual({ kind: 'argocd', namespace: 'argocd', name: 'backend-dev' });
    expect(inputs.image).toEqual({
      repository: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/backend',
      tag: 'abc',
      digest: DIGEST,
    });
    expect(inputs.refresh).toBe(true);
    expect(inputs.timeoutMs).toBe(600_000);
    expect(inputs.report).toMatchObject({
      owner: 'acme',
      repo: 'backend',
      ref: 'c'.repeat(40),
      environment: 'dev',
      app: 'backend',
    });
  });

  it('takes the digest from image@digest and Flux namespaces by default', () => {
    const inputs = read({
      ...BASE,
      digest: '',
      image: `${BASE.image}@${DIGEST}`,
      controller: 'flux-kustomization',
    });
    expect(inputs.image.digest).toBe(DIGEST);
    expect(inputs.controller.namespace).toBe('flux-system');
  });

  it.each([
    [{ 'cluster-name': '' }, "Input 'cluster-name' is required"],
    [{ kubeconfig: 'x' }, "either 'cluster-name' or 'kubeconfig'"],
    [{ revision: 'abc' }, 'full 40-character commit SHA'],
    [{ digest: 'sha256:abc' }, "Input 'digest' must be"],
    [
      { controller: 'spinnaker' },
      "Input 'controller' must be one of argocd, flux-kustomization, flux-helmrelease",
    ],
    [{ application: 'Bad_Name' }, 'is not a Kubernetes object name'],
    [{ environment: '' }, "Input 'environment' is required to report"],
    [{ timeout: 'soon' }, "Input 'timeout' must be seconds"],
    [{ 'merged-at': 'yesterday' }, "Input 'merged-at' must be an ISO 8601 time"],
    [{ workloads: 'Job/web/migrate' }, "'Job/web/migrate' is not 'Kind/namespace/name'"],
  ])('refuses %p', (change, message) => {
    expect(() => read({ ...BASE, ...change })).toThrow(ConfigurationError);
    expect(() => read({ ...BASE, ...change })).toThrow(message);
  });

  it('parses durations and workloads', () => {
    expect(read({ ...BASE, timeout: '90' }).timeoutMs).toBe(90_000);
    expect(read({ ...BASE, timeout: '2m' }).timeoutMs).toBe(120_000);
    expect(parseWorkloads(['web/backend', 'StatefulSet/db/postgres', 'ds/kube-system/agent'])).toEqual([
      { kind: 'Deployment', namespace: 'web', name: 'backend' },
      { kind: 'StatefulSet', namespace: 'db', name: 'postgres' },
      { kind: 'DaemonSet', namespace: 'kube-system', name: 'agent' },
    ]);
  });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');
const kubeconfig = (
  user: string,
  cluster = `certificate-authority-data: ${b64('-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n')}`,
) => `
apiVersion: v1
kind: Config
current-context: ci
contexts:
  - name: ci
    context: { cluster: test, user: deployer }
clusters:
  - name: test
    cluster:
      server: https://127.0.0.1:6443
      ${cluster}
users:
  - name: deployer
    user:
      ${user}
`;

describe('readKubeconfig', () => {
  it('reads a token user of the current context, also as base64', () => {
    for (const text of [kubeconfig('token: abc.def'), b64(kubeconfig('token: abc.def'))]) {
      const config = readKubeconfig(text);
      expect(config).toMatchObject({
        server: 'https://127.0.0.1:6443',
        auth: { token: 'abc.def' },
        context: 'ci',
        secrets: ['abc.def'],
      });
      expect(config.ca).toContain('BEGIN CERTIFICATE');
    }
  });

  it('reads a client certificate', () => {
    const config = readKubeconfig(
      kubeconfig(`client-certificate-data: ${b64('CERT')}\n      client-key-data: ${b64('KEY')}`),
    );
    expect(config.auth).toEqual({ clientCertificate: 'CERT', clientKey: 'KEY' });
    expect(config.secrets).toContain('KEY');
  });

  it.each([
    ['exec:\n        command: aws', 'credential plugin'],
    ['client-certificate: /home/me/cert.pem', "inline it ('client-certificate-data')"],
    ['username: admin', 'neither a token nor client-certificate-data'],
  ])('refuses a user with %s', (user, message) => {
    expect(() => readKubeconfig(kubeconfig(user))).toThrow(message);
  });

  it('refuses insecure-skip-tls-verify and an unknown context', () => {
    expect(() => readKubeconfig(kubeconfig('token: t', 'insecure-skip-tls-verify: true'))).toThrow(
      'turns off TLS verification',
    );
    expect(() => readKubeconfig(kubeconfig('token: t'), 'prod')).toThrow("no context 'prod' (contexts: ci)");
  });
});

import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ForbiddenError, KubeClient, WatchExpiredError } from '../../../src/kubernetes/client.js';
import { resourcePath, RESOURCES } from '../../../src/kubernetes/resources.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
const requests: string[] = [];

async function serve(handler: Handler): Promise<KubeClient> {
  requests.length = 0;
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`.trim());
    handler(req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new KubeClient({ server: `http://127.0.0.1:${port}`, auth: { token: () => 'tkn' } });
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const event = (type: string, resourceVersion: string) =>
  JSON.stringify({ type, object: { metadata: { name: 'web', resourceVersion } } }) + '\n';

describe('resourcePath', () => {
  it('builds core, group, namespaced, cluster-wide and subresource paths', () => {
    expect(resourcePath(RESOURCES.pod, 'apps')).toBe('/api/v1/namespaces/apps/pods');
    expect(resourcePath(RESOURCES.deployment, 'apps', 'web')).toBe(
      '/apis/apps/v1/namespaces/apps/deployments/web',
    );
    expect(resourcePath(RESOURCES.node, 'ignored', 'n1')).toBe('/api/v1/nodes/n1');
    expect(resourcePath(RESOURCES.podLog, 'apps', 'web-1')).toBe('/api/v1/namespaces/apps/pods/web-1/log');
  });
});

describe('KubeClient', () => {
  it('sends the bearer token, counts calls by verb and patches with the chosen content type', async () => {
    let contentType = '';
    const client = await serve((req, res) => {
      contentType = req.headers['content-type'] ?? contentType;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"metadata":{},"items":[]}');
    });
    await client.list(RESOURCES.deployment, 'apps', { labelSelector: 'app=web' });
    await client.patch(RESOURCES.deployment, 'apps', 'web', { metadata: { annotations: { a: 'b' } } });
    expect(contentType).toBe('application/merge-patch+json');
    expect(requests[0]).toBe(
      'GET /apis/apps/v1/namespaces/apps/deployments?labelSelector=app%3Dweb Bearer tkn',
    );
    expect(client.calls).toMatchObject({ list: 1, patch: 1, get: 0 });
    expect(client.totalCalls).toBe(2);
  });

  it('turns a 403 into a ForbiddenError naming the verb, resource, namespace, user and RBAC rule', async () => {
    const client = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          kind: 'Status',
          reason: 'Forbidden',
          code: 403,
          message:
            'deployments.apps "web" is forbidden: User "ci" cannot patch resource "deployments" in API group "apps" in the namespace "apps"',
        }),
      );
    });
    const attempt = client.patch(RESOURCES.deployment, 'apps', 'web', {});
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toThrow(
      /^Kubernetes refused to patch deployments \(API group 'apps'\) in namespace 'apps': .*Grant it with the rule \{apiGroups: \["apps"\], resources: \["deployments"\], verbs: \["patch"\]\} in a Role in namespace 'apps' bound to 'ci' with a RoleBinding/,
    );
  });

  it('names a ClusterRole for cluster-wide resources', async () => {
    const client = await serve((_req, res) => res.writeHead(403).end('forbidden'));
    await expect(client.list(RESOURCES.node)).rejects.toThrow(
      /refused to list nodes \(the core API group\) cluster-wide: forbidden\. Grant it .* in a ClusterRole bound to this identity with a ClusterRoleBinding/,
    );
  });

  it('find() returns undefined on 404 and delete() ignores a missing object', async () => {
    const client = await serve((_req, res) =>
      res.writeHead(404).end('{"kind":"Status","reason":"NotFound"}'),
    );
    await expect(client.find(RESOURCES.job, 'apps', 'gone')).resolves.toBeUndefined();
    await expect(client.delete(RESOURCES.job, 'apps', 'gone')).resolves.toBeUndefined();
  });

  it('resumes a watch from the last resourceVersion when the server ends the stream', async () => {
    let watches = 0;
    const client = await serve((_req, res) => {
      watches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (watches === 1) res.end(event('ADDED', '5') + event('BOOKMARK', '7'));
      else res.end(event('MODIFIED', '9'));
    });
    const seen: string[] = [];
    for await (const change of client.watch(RESOURCES.deployment, 'apps', { resourceVersion: '3' })) {
      seen.push(`${change.type}@${change.object.metadata.resourceVersion}`);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['ADDED@5', 'MODIFIED@9']);
    expect(requests[0]).toContain('resourceVersion=3');
    expect(requests[1]).toContain('resourceVersion=7');
    expect(client.calls.watch).toBe(2);
  });

  it('throws WatchExpiredError on 410 Gone so that the caller lists again', async () => {
    const client = await serve((_req, res) => {
      res.writeHead(200).end(
        JSON.stringify({
          type: 'ERROR',
          object: { kind: 'Status', code: 410, message: 'too old resource version' },
        }) + '\n',
      );
    });
    const consume = async () => {
      for await (const change of client.watch(RESOURCES.pod, 'apps', { resourceVersion: '1' })) void change;
    };
    await expect(consume()).rejects.toBeInstanceOf(WatchExpiredError);
  });
});

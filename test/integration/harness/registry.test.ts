import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { startRegistry, SERVICE_TOOLS, type Registry } from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

async function pushBlob(registry: Registry, repository: string, content: Buffer, authorization?: string) {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  const start = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  expect(start.status).toBe(202);
  const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: content,
  });
  expect(put.status).toBe(201);
  return digest;
}

describeWithTools([...SERVICE_TOOLS.registry], 'OCI registry service', () => {
  let open: Registry;
  let secured: Registry;
  const auth = { username: 'ci', password: 'secret-pw' };
  const basic = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;

  beforeAll(async () => {
    [open, secured] = await Promise.all([startRegistry(), startRegistry({ auth })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), secured?.stop()]);
  });

  it('answers the distribution API on 127.0.0.1', async () => {
    expect(open.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const response = await fetch(`${open.url}/v2/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('stores and serves a blob by digest', async () => {
    const content = Buffer.from('hello registry\n');
    const digest = await pushBlob(open, 'team/app', content);
    const pulled = await fetch(`${open.url}/v2/team/app/blobs/${digest}`);
    expect(pulled.status).toBe(200);
    expect(Buffer.from(await pulled.arrayBuffer()).toString()).toBe('hello registry\n');
  });

  it('requires basic auth when started with credentials', async () => {
    expect((await fetch(`${secured.url}/v2/`)).status).toBe(401);
    const wrong = `Basic ${Buffer.from('ci:wrong').toString('base64')}`;
    expect((await fetch(`${secured.url}/v2/`, { headers: { authorization: wrong } })).status).toBe(401);
    expect((await fetch(`${secured.url}/v2/`, { headers: { authorization: basic } })).status).toBe(200);
    const digest = await pushBlob(secured, 'app', Buffer.from('secured'), basic);
    expect(
      (await fetch(`${secured.url}/v2/app/blobs/${digest}`, { headers: { authorization: basic } })).status,
    ).toBe(200);
  });

  it('frees its port after stop', async () => {
    const registry = await startRegistry();
    await registry.stop();
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
  });
});

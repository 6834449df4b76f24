// verify-image against a real OCI registry (docker-registry), with and without htpasswd auth.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { verifyImage } from '../../../src/image-tag/verify-image.js';
import { startRegistry, type Registry } from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Pushes a minimal OCI image (empty config, no layers) through the registry HTTP API. */
async function pushImage(
  registry: Registry,
  repository: string,
  tag: string,
  auth?: string,
): Promise<string> {
  const headers: Record<string, string> = auth ? { authorization: auth } : {};
  const config = Buffer.from('{}');
  const start = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', sha256(config));
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: config,
  });
  expect(put.status).toBe(201);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(config),
      size: config.length,
    },
    layers: [],
  });
  const response = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  expect(response.status).toBe(201);
  return sha256(manifest);
}

describeWithTools(['docker-registry', 'htpasswd'], 'verifyImage against a registry', () => {
  let open: Registry;
  let locked: Registry;
  const auth = { username: 'ci', password: 'registry-password' };
  beforeAll(async () => {
    [open, locked] = await Promise.all([startRegistry(), startRegistry({ auth })]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), locked?.stop()]);
  });

  it('finds a pushed tag and its digest, and refuses a missing one', async () => {
    const digest = await pushImage(open, 'acme/api', 'v1.2.3');
    expect(await verifyImage({ image: `${open.host}/acme/api`, reference: 'v1.2.3' })).toBe(digest);
    expect(await verifyImage({ image: `${open.host}/acme/api`, reference: digest })).toBe(digest);
    await expect(verifyImage({ image: `${open.host}/acme/api`, reference: 'v9' })).rejects.toThrow(
      /acme\/api:v9 does not exist in the registry; push it first/,
    );
  });

  it('authenticates with a username and password', async () => {
    const basic = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    const digest = await pushImage(locked, 'acme/api', 'v2', basic);
    expect(await verifyImage({ image: `${locked.host}/acme/api`, reference: 'v2', ...auth })).toBe(digest);
    await expect(verifyImage({ image: `${locked.host}/acme/api`, reference: 'v2' })).rejects.toThrow(
      /refused to show .* \(HTTP 401\)/,
    );
  });
});

// verifyImage's Bearer-token flow (as ghcr.io and Docker Hub answer) against a small local server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isEcrRegistry } from '../../../src/lib/image-reference.js';
import { parseImage, verifyImage } from '../../../src/image-tag/verify-image.js';

let server: Server;
let host: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    requests.push(`${request.method} ${url.pathname}${url.search} ${request.headers.authorization ?? ''}`);
    if (url.pathname === '/token') {
      const ok = request.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`;
      response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify(ok ? { token: 'registry-token' } : {}));
      return;
    }
    if (request.headers.authorization !== 'Bearer registry-token') {
      response.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${host}/token",service="test",scope="repository:acme/api:pull"`,
      });
      response.end();
      return;
    }
    const found = url.pathname === '/v2/acme/api/manifests/v1';
    response.writeHead(
      found ? 200 : 404,
      found ? { 'docker-content-digest': `sha256:${'a'.repeat(64)}` } : {},
    );
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('verifyImage', () => {
  it('answers a Bearer challenge with a token fetched with the credentials', async () => {
    expect(
      await verifyImage({ image: `${host}/acme/api`, reference: 'v1', username: 'u', password: 'p' }),
    ).toBe(`sha256:${'a'.repeat(64)}`);
    expect(requests).toContain(
      `GET /token?service=test&scope=repository%3Aacme%2Fapi%3Apull Basic ${Buffer.from('u:p').toString('base64')}`,
    );
    await expect(
      verifyImage({ image: `${host}/acme/api`, reference: 'v2', username: 'u', password: 'p' }),
    ).rejects.toThrow(/does not exist in the registry/);
  });

  it('parses the image and recognises ECR registries', () => {
    expect(parseImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/backend')).toEqual({
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      repository: 'team/backend',
    });
    expect(isEcrRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe(true);
    expect(isEcrRegistry('ghcr.io')).toBe(false);
    expect(() => parseImage('backend')).toThrow(/must name the registry and repository/);
  });
});

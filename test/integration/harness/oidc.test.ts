import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { decodeClaims } from '../../../src/lib/aws-credentials.js';
import { fakeOidcServer, type FakeOidc } from '../../harness/services.js';
import { describe } from '@jest/globals';

describe('fake GitHub OIDC token endpoint', () => {
  let oidc: FakeOidc;

  beforeAll(async () => {
    oidc = await fakeOidcServer({ claims: { environment: 'prod' } });
  });
  afterAll(() => oidc?.stop());

  it('issues a JWT with the requested audience and the given claims, as getIDToken expects', async () => {
    const url = new URL(oidc.env.ACTIONS_ID_TOKEN_REQUEST_URL);
    expect(url.searchParams.get('api-version')).toBe('2.0');
    url.searchParams.set('audience', 'sts.amazonaws.com');
    const response = await fetch(url, { headers: { authorization: `Bearer ${oidc.token}` } });
    expect(response.status).toBe(200);
    const { value } = (await response.json()) as { value: string };
    const claims = decodeClaims(value);
    expect(claims).toMatchObject({
      aud: 'sts.amazonaws.com',
      environment: 'prod',
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
    });
    expect(oidc.requests.at(-1)).toEqual({ audience: 'sts.amazonaws.com' });
  });

  it('refuses a request without the runtime bearer token', async () => {
    const response = await fetch(oidc.url);
    expect(response.status).toBe(401);
  });

  it('injects failures', async () => {
    oidc.failNext(503);
    const first = await fetch(oidc.url, { headers: { authorization: `Bearer ${oidc.token}` } });
    const second = await fetch(oidc.url, { headers: { authorization: `Bearer ${oidc.token}` } });
    expect([first.status, second.status]).toEqual([503, 200]);
  });
});

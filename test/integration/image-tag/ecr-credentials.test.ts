// ECR registry credentials for verify-image, from moto's ECR GetAuthorizationToken.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { isEcrRegistry } from '../../../src/lib/image-reference.js';
import { ecrCredentials } from '../../../src/image-tag/verify-image.js';
import { startMoto, type Moto } from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

describeWithTools(['moto_server'], 'ecrCredentials against moto', () => {
  let moto: Moto;
  const saved = { ...process.env };
  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, moto.env);
  });
  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  it('turns the ECR authorization token into a registry username and password', async () => {
    const registry = `${moto.accountId}.dkr.ecr.${moto.region}.amazonaws.com`;
    expect(isEcrRegistry(registry)).toBe(true);
    const credentials = await ecrCredentials(registry, {
      accessKeyId: 'testing',
      secretAccessKey: 'testing',
    });
    expect(credentials.username).toBe('AWS');
    expect(credentials.password.length).toBeGreaterThan(0);
  });
});

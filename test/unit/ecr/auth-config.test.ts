import { afterAll, describe, expect, it } from '@jest/globals';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAuthConfig } from '../../../src/ecr/build-and-push.js';

const dir = mkdtempSync(join(tmpdir(), 'ecr-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAuthConfig', () => {
  it('writes a private config.json that docker, podman and buildah read, and keeps docker plugins and builders', () => {
    const userConfig = join(dir, 'home', '.docker');
    mkdirSync(join(userConfig, 'cli-plugins'), { recursive: true });
    mkdirSync(join(userConfig, 'buildx'));
    const { configDir, authFile } = writeAuthConfig(
      dir,
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      { username: 'AWS', password: 'pw' },
      { DOCKER_CONFIG: userConfig },
    );
    expect(authFile).toBe(join(configDir, 'config.json'));
    expect(JSON.parse(readFileSync(authFile, 'utf8'))).toEqual({
      auths: {
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com': { auth: Buffer.from('AWS:pw').toString('base64') },
      },
    });
    expect(statSync(authFile).mode & 0o777).toBe(0o600);
    expect(readlinkSync(join(configDir, 'cli-plugins'))).toBe(join(userConfig, 'cli-plugins'));
    expect(readlinkSync(join(configDir, 'buildx'))).toBe(join(userConfig, 'buildx'));
    expect(() => lstatSync(join(configDir, 'contexts'))).toThrow();
    // The user's own config is never written.
    expect(() => lstatSync(join(userConfig, 'config.json'))).toThrow();
  });
});

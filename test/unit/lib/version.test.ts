import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { USER_AGENT, VERSION } from '../../../src/lib/version.js';

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`platform-actions/${pkg.version}`);
  });
});

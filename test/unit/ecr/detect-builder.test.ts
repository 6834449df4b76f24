import { describe, expect, it } from '@jest/globals';
import { detectBuilder } from '../../../src/ecr/build-and-push.js';
import type { Exec } from '../../../src/ecr/run-command.js';

/** An exec whose programs answer with the given exit codes (127 = not installed). */
function host(codes: Record<string, number>): { exec: Exec; ran: string[] } {
  const ran: string[] = [];
  const exec: Exec = async (command, args) => {
    const key = `${command} ${args[0]}`;
    ran.push(key);
    return { exitCode: codes[key] ?? codes[command] ?? 127, stdout: '', stderr: '' };
  };
  return { exec, ran };
}

describe('builder: auto', () => {
  it('uses docker buildx when a Docker daemon answers', async () => {
    const { exec } = host({ docker: 0, podman: 0 });
    await expect(detectBuilder(exec, {})).resolves.toBe('docker');
  });

  it('falls back to podman when the daemon is down (docker CLI present), then buildah', async () => {
    expect(await detectBuilder(host({ 'docker info': 1, docker: 0, podman: 0 }).exec, {})).toBe('podman');
    expect(await detectBuilder(host({ 'docker info': 0, 'docker buildx': 1, podman: 0 }).exec, {})).toBe(
      'podman',
    );
    expect(await detectBuilder(host({ buildah: 0 }).exec, {})).toBe('buildah');
  });

  it('says what to install when there is no builder', async () => {
    await expect(detectBuilder(host({}).exec, {})).rejects.toThrow(/no builder was found/);
  });
});

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  containerStorage,
  SERVICE_TOOLS,
  startRegistry,
  type ContainerStorage,
  type Registry,
} from '../../harness/services.js';
import { tempDir } from '../../harness/service-process.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';

const exec = promisify(execFile);

describeWithTools(
  [...SERVICE_TOOLS.registry, ...SERVICE_TOOLS.podman, ...SERVICE_TOOLS.buildah, ...SERVICE_TOOLS.skopeo],
  'podman/buildah with temp storage, pushing to the local registry',
  () => {
    let registry: Registry;
    let storage: ContainerStorage;
    const context = tempDir('build-context');
    const auth = { username: 'ci', password: 'pw' };

    beforeAll(async () => {
      registry = await startRegistry({ auth });
      storage = await containerStorage({ insecureRegistries: [registry.host] });
      writeFileSync(join(context, 'hello.txt'), 'hello\n');
      writeFileSync(join(context, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    });
    afterAll(async () => {
      await storage?.cleanup();
      await registry?.stop();
      rmSync(context, { recursive: true, force: true });
    });

    const run = (tool: string, args: string[], useEnv = false) =>
      exec(tool, useEnv ? args : [...storage.args, ...args], {
        env: { ...process.env, PATH: TOOLS_PATH, ...(useEnv ? storage.env : {}) },
      });

    it('builds FROM scratch with buildah bud and pushes with credentials', async () => {
      const image = `${registry.host}/team/hello:buildah`;
      await run('buildah', [
        'bud',
        ...storage.buildArgs,
        '--quiet',
        '-f',
        join(context, 'Containerfile'),
        '-t',
        image,
        context,
      ]);
      await run('buildah', [
        'push',
        '--tls-verify=false',
        '--creds',
        `${auth.username}:${auth.password}`,
        image,
      ]);
      const { stdout } = await run(
        'skopeo',
        ['inspect', '--tls-verify=false', '--creds', 'ci:pw', `docker://${image}`],
        true,
      );
      expect(JSON.parse(stdout)).toMatchObject({
        Name: `${registry.host}/team/hello`,
        Digest: expect.stringMatching(/^sha256:/),
      });
    });

    it('builds and pushes with podman configured only through the environment', async () => {
      const image = `${registry.host}/team/hello:podman`;
      await run(
        'podman',
        ['login', '--username', auth.username, '--password', auth.password, registry.host],
        true,
      );
      await run(
        'podman',
        ['build', '--quiet', '-f', join(context, 'Containerfile'), '-t', image, context],
        true,
      );
      await run('podman', ['push', '--quiet', image], true);
      const tags = await fetch(`${registry.url}/v2/team/hello/tags/list`, {
        headers: { authorization: `Basic ${Buffer.from('ci:pw').toString('base64')}` },
      });
      expect(((await tags.json()) as { tags: string[] }).tags.sort()).toEqual(['buildah', 'podman']);
      const { stdout } = await run('podman', ['images', '--format', '{{.Repository}}:{{.Tag}}'], true);
      expect(stdout).toContain(image);
    });
  },
);

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { startControlPlane, KUBE_TOOLS, type ControlPlane } from '../../harness/kube/control-plane.js';
import { startTestExecutor, type TestExecutor } from '../../harness/kube/executor.js';
import { EXECUTOR_LABEL } from '../../harness/kube/stages.js';
import { tempDir } from '../../harness/service-process.js';
import {
  containerStorage,
  SERVICE_TOOLS,
  startRegistry,
  type ContainerStorage,
  type Registry,
} from '../../harness/services.js';
import { describeWithTools, findTool, TOOLS_PATH } from '../../harness/tools.js';

const exec = promisify(execFile);

interface JobStatus {
  conditions?: { type: string; status: string }[];
  succeeded?: number;
  failed?: number;
}

function job(
  name: string,
  image: string,
  script: string,
  extra: { volumes?: unknown[]; volumeMounts?: unknown[]; env?: unknown[] } = {},
): KubeObject {
  return {
    metadata: { name },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels: { [EXECUTOR_LABEL]: 'true', job: name } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'main',
              image,
              command: ['/bin/busybox', 'sh', '-c', script],
              env: extra.env ?? [],
              volumeMounts: extra.volumeMounts ?? [],
            },
          ],
          volumes: extra.volumes ?? [],
        },
      },
    },
  };
}

const finished = (object: KubeObject) =>
  ((object.status as JobStatus | undefined)?.conditions ?? []).some(
    (condition) =>
      (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True',
  );

describeWithTools(
  [...KUBE_TOOLS, ...SERVICE_TOOLS.registry, ...SERVICE_TOOLS.buildah, 'busybox'],
  'test executor: Job pods run for real with buildah',
  () => {
    let registry: Registry;
    let storage: ContainerStorage;
    let cluster: ControlPlane;
    let executor: TestExecutor;
    let image: string;

    beforeAll(async () => {
      registry = await startRegistry();
      storage = await containerStorage({ insecureRegistries: [registry.host] });
      const context = tempDir('busybox-image');
      copyFileSync(findTool('busybox') ?? '', join(context, 'busybox'));
      writeFileSync(join(context, 'Containerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\n');
      image = `${registry.host}/tools/busybox:1`;
      const env = { ...process.env, PATH: TOOLS_PATH };
      await exec('buildah', [...storage.args, 'bud', ...storage.buildArgs, '--quiet', '-t', image, context], {
        env,
      });
      await exec('buildah', [...storage.args, 'push', '--quiet', '--tls-verify=false', image], { env });
      cluster = await startControlPlane({ registries: [registry.host], nodes: 1 });
      executor = startTestExecutor({ client: cluster.client, storage, dir: join(cluster.dir, 'executor') });
    }, 180_000);
    afterAll(async () => {
      await executor?.stop();
      await cluster?.stop();
      await storage?.cleanup();
      await registry?.stop();
    });

    it('runs the container with secret and config-map env, config-map files and the host network', async () => {
      await cluster.client.create(RESOURCES.secret, 'default', {
        metadata: { name: 'db' },
        stringData: { url: 'postgres://app:s3cret@127.0.0.1:5432/app' },
      });
      await cluster.client.create(RESOURCES.configMap, 'default', {
        metadata: { name: 'settings' },
        data: { mode: 'apply', 'schema.sql': 'CREATE TABLE users (id bigint);\n' },
      });
      await cluster.client.create(
        RESOURCES.job,
        'default',
        job(
          'migrate',
          image,
          'echo "mode=$MODE url=$DATABASE_URL greeting=$GREETING"; cat /schema/schema.sql; /bin/busybox wget -q -O - http://' +
            registry.host +
            '/v2/; echo',
          {
            env: [
              { name: 'GREETING', value: 'hi' },
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
              { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
            ],
            volumes: [
              {
                name: 'schema',
                configMap: { name: 'settings', items: [{ key: 'schema.sql', path: 'schema.sql' }] },
              },
            ],
            volumeMounts: [{ name: 'schema', mountPath: '/schema' }],
          },
        ),
      );
      const done = await cluster.client.waitFor(RESOURCES.job, 'default', 'migrate', finished, {
        timeoutMs: 90_000,
      });
      expect(done.status).toMatchObject({ succeeded: 1 });
      const [pod] = (await cluster.client.list(RESOURCES.pod, 'default', { labelSelector: 'job=migrate' }))
        .items;
      expect(pod?.status).toMatchObject({
        phase: 'Succeeded',
        containerStatuses: [{ name: 'main', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      });
      const log = await cluster.client.text(RESOURCES.podLog, 'default', pod?.metadata.name ?? '');
      expect(log).toBe(
        'mode=apply url=postgres://app:s3cret@127.0.0.1:5432/app greeting=hi\nCREATE TABLE users (id bigint);\n{}\n',
      );
    });

    it('fails the Job with the program exit code and its output', async () => {
      await cluster.client.create(
        RESOURCES.job,
        'default',
        job('broken', image, 'echo "relation users already exists" >&2; exit 3'),
      );
      const done = await cluster.client.waitFor(RESOURCES.job, 'default', 'broken', finished, {
        timeoutMs: 90_000,
      });
      expect((done.status as JobStatus).conditions).toContainEqual(
        expect.objectContaining({ type: 'Failed', status: 'True' }),
      );
      const [pod] = (await cluster.client.list(RESOURCES.pod, 'default', { labelSelector: 'job=broken' }))
        .items;
      expect(pod?.status).toMatchObject({
        phase: 'Failed',
        containerStatuses: [{ state: { terminated: { exitCode: 3, reason: 'Error' } } }],
      });
      expect(await cluster.client.text(RESOURCES.podLog, 'default', pod?.metadata.name ?? '')).toBe(
        'relation users already exists\n',
      );
    });
  },
);

/**
 * The test executor: the kubelet's "run the container" part, for real, for pods labelled
 * `platform-actions.test/execute=true` (a Job's pod template carries the label). kwok runs no process, so
 * this runs the pod's first container with `buildah run --isolation chroot` from its image in the test
 * registry, on the host network, with the pod's env (`value`, `secretKeyRef`, `configMapKeyRef`, `envFrom`)
 * and its ConfigMap and Secret volumes mounted read-only as files. It sets the pod Running, then Succeeded or
 * Failed with the container's exit code, and writes the output (CRI log format) where kwok serves it to
 * `kubectl logs` / `GET pods/<name>/log` through the API server (a kwok Logs object per pod). `$(VAR)` in
 * command and args is expanded from the container's env; a missing Secret, ConfigMap or key leaves the pod
 * in CreateContainerConfigError with a Warning Event, as a kubelet does; a pod deleted while its container
 * runs (a Job's activeDeadlineSeconds) has the container killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KubeClient } from '../../../src/kubernetes/client.js';
import { WatchExpiredError, type KubeObject } from '../../../src/kubernetes/client.js';
import { RESOURCES, type ResourceType } from '../../../src/kubernetes/resources.js';
import { requireTool } from '../service-process.js';
import type { ContainerStorage } from '../services.js';
import { TOOLS_PATH } from '../tool-path.js';
import { EXECUTOR_LABEL, IMAGE_ID_PREFIX, IMAGES_ANNOTATION } from './stages.js';

export const LOGS: ResourceType = {
  group: 'kwok.x-k8s.io',
  version: 'v1alpha1',
  resource: 'logs',
  kind: 'Logs',
  namespaced: true,
};

interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef } }[];
  envFrom?: { prefix?: string; configMapRef?: { name: string }; secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}
interface Items {
  items?: { key: string; path: string }[];
}
interface Volume {
  name: string;
  configMap?: { name: string } & Items;
  secret?: { secretName: string } & Items;
  /** What the ServiceAccount admission adds (kube-api-access-…): a token, the cluster CA, the namespace. */
  projected?: {
    sources: {
      serviceAccountToken?: { path: string; expirationSeconds?: number; audience?: string };
      configMap?: { name: string } & Items;
      secret?: { name: string } & Items;
      downwardAPI?: { items: { path: string; fieldRef?: { fieldPath: string } }[] };
    }[];
  };
}
interface PodSpec {
  nodeName?: string;
  containers: Container[];
  volumes?: Volume[];
}

export interface ExecutorRun {
  namespace: string;
  pod: string;
  image: string;
  argv: string[];
  exitCode: number;
  logFile: string;
  /** Wall time of `buildah run` (the container's program plus buildah's own start and stop). */
  ms: number;
}

export interface TestExecutor {
  runs: ExecutorRun[];
  stop(): Promise<void>;
}

class PodSetupError extends Error {}

function write(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function exec(
  file: string,
  args: string[],
  env: Record<string, string>,
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void,
  onSpawn?: (child: ChildProcess) => void,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, PATH: TOOLS_PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a deleted pod's container is killed with everything it started.
      detached: !!onSpawn,
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      onOutput?.('stdout', chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      onOutput?.('stderr', chunk.toString('utf8'));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function startTestExecutor(options: {
  client: KubeClient;
  storage: ContainerStorage;
  /** Where the run's logs and volume files go. */
  dir: string;
}): TestExecutor {
  const { client, storage } = options;
  const buildah = requireTool('buildah');
  const controller = new AbortController();
  const started = new Set<string>();
  const runs: ExecutorRun[] = [];
  const active = new Set<Promise<void>>();

  /** The running containers by pod uid: a pod deleted while it runs (a Job's deadline) is stopped. */
  const running = new Map<string, ChildProcess>();
  const buildahRun = (
    args: string[],
    onOutput?: (stream: 'stdout' | 'stderr', text: string) => void,
    onSpawn?: (child: ChildProcess) => void,
  ) => exec(buildah, [...storage.args, ...args], storage.env, onOutput, onSpawn);
  const stopContainer = (uid: string) => {
    const child = running.get(uid);
    if (!child?.pid) return;
    running.delete(uid);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };

  /** What a kubelet records when it cannot start a container: a Warning Event on the pod. */
  const warn = async (pod: KubeObject, reason: string, message: string) => {
    const now = new Date().toISOString();
    await client.create(RESOURCES.event, pod.metadata.namespace, {
      metadata: { generateName: `${pod.metadata.name}.`, namespace: pod.metadata.namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        uid: pod.metadata.uid,
        fieldPath: `spec.containers{${(pod.spec as PodSpec).containers[0]?.name ?? ''}}`,
      },
      reason,
      message,
      type: 'Warning',
      source: { component: 'kubelet', host: (pod.spec as PodSpec).nodeName },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  };

  const keyOf = async (
    kind: 'secret' | 'configMap',
    ref: KeyRef,
    namespace: string,
  ): Promise<string | undefined> => {
    const object = await client.find(
      kind === 'secret' ? RESOURCES.secret : RESOURCES.configMap,
      namespace,
      ref.name,
    );
    const data = (object?.data ?? {}) as Record<string, string>;
    const value = data[ref.key];
    if (value === undefined) {
      if (ref.optional) return undefined;
      throw new PodSetupError(
        object
          ? `couldn't find key ${ref.key} in ${kind === 'secret' ? 'Secret' : 'ConfigMap'} ${namespace}/${ref.name}`
          : `${kind} "${ref.name}" not found`,
      );
    }
    return kind === 'secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
  };

  const environment = async (container: Container, namespace: string): Promise<Record<string, string>> => {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      const kind = source.secretRef ? 'secret' : 'configMap';
      const name = source.secretRef?.name ?? source.configMapRef?.name ?? '';
      const object = await client.find(
        kind === 'secret' ? RESOURCES.secret : RESOURCES.configMap,
        namespace,
        name,
      );
      if (!object) throw new PodSetupError(`${kind} "${name}" not found`);
      for (const [key, value] of Object.entries((object.data ?? {}) as Record<string, string>)) {
        env[`${source.prefix ?? ''}${key}`] =
          kind === 'secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
      }
    }
    for (const variable of container.env ?? []) {
      const from = variable.valueFrom;
      const value = from?.secretKeyRef
        ? await keyOf('secret', from.secretKeyRef, namespace)
        : from?.configMapKeyRef
          ? await keyOf('configMap', from.configMapKeyRef, namespace)
          : (variable.value ?? '').replace(
              /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
              (match, name: string) => env[name] ?? match,
            );
      if (value !== undefined) env[variable.name] = value;
    }
    return env;
  };

  /** Writes the keys of a ConfigMap or Secret (all, or `items`) as files under `dir`. */
  const writeKeys = async (
    kind: 'configMap' | 'secret',
    name: string,
    items: Items['items'],
    namespace: string,
    dir: string,
  ) => {
    const object = await client.find(
      kind === 'secret' ? RESOURCES.secret : RESOURCES.configMap,
      namespace,
      name,
    );
    if (!object) throw new PodSetupError(`${kind} "${name}" not found`);
    const data = (object.data ?? {}) as Record<string, string>;
    for (const item of items ?? Object.keys(data).map((key) => ({ key, path: key }))) {
      const value = data[item.key];
      if (value === undefined) throw new PodSetupError(`key ${item.key} not found in ${kind} ${name}`);
      write(join(dir, item.path), kind === 'secret' ? Buffer.from(value, 'base64') : value);
    }
  };

  /** Writes each ConfigMap, Secret or projected volume to a dir and returns `-v` mounts for the container. */
  const mounts = async (pod: KubeObject, container: Container, podDir: string): Promise<string[]> => {
    const spec = pod.spec as PodSpec & { serviceAccountName?: string };
    const namespace = pod.metadata.namespace ?? 'default';
    const args: string[] = [];
    for (const mount of container.volumeMounts ?? []) {
      const volume = (spec.volumes ?? []).find((candidate) => candidate.name === mount.name);
      if (!volume) throw new PodSetupError(`volume "${mount.name}" is not declared in the pod`);
      const dir = join(podDir, 'volumes', mount.name);
      mkdirSync(dir, { recursive: true });
      if (volume.configMap)
        await writeKeys('configMap', volume.configMap.name, volume.configMap.items, namespace, dir);
      else if (volume.secret)
        await writeKeys('secret', volume.secret.secretName, volume.secret.items, namespace, dir);
      else if (volume.projected) {
        for (const source of volume.projected.sources) {
          if (source.configMap)
            await writeKeys('configMap', source.configMap.name, source.configMap.items, namespace, dir);
          if (source.secret)
            await writeKeys('secret', source.secret.name, source.secret.items, namespace, dir);
          for (const item of source.downwardAPI?.items ?? []) {
            if (item.fieldRef?.fieldPath === 'metadata.namespace') write(join(dir, item.path), namespace);
          }
          if (source.serviceAccountToken) {
            const review = await client.create(
              { ...RESOURCES.serviceAccount, resource: 'serviceaccounts/token', kind: 'TokenRequest' },
              namespace,
              {
                apiVersion: 'authentication.k8s.io/v1',
                metadata: { name: spec.serviceAccountName ?? 'default' },
                spec: {
                  expirationSeconds: source.serviceAccountToken.expirationSeconds ?? 3607,
                  audiences: source.serviceAccountToken.audience ? [source.serviceAccountToken.audience] : [],
                  boundObjectRef: {
                    apiVersion: 'v1',
                    kind: 'Pod',
                    name: pod.metadata.name,
                    uid: pod.metadata.uid,
                  },
                },
              },
              spec.serviceAccountName ?? 'default',
            );
            write(join(dir, source.serviceAccountToken.path), (review.status as { token: string }).token);
          }
        }
      } else
        throw new PodSetupError(
          `volume "${mount.name}": only configMap, secret and projected volumes are run`,
        );
      const source = mount.subPath ? join(dir, mount.subPath) : dir;
      args.push('-v', `${source}:${mount.mountPath}:ro`);
    }
    return args;
  };

  const setStatus = (pod: KubeObject, status: Record<string, unknown>) =>
    client.patch(RESOURCES.podStatus, pod.metadata.namespace, pod.metadata.name ?? '', { status });

  const execute = async (pod: KubeObject) => {
    const namespace = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const spec = pod.spec as PodSpec;
    const container = spec.containers[0];
    if (!container) return;
    const imageID = pod.metadata.annotations?.[`${IMAGE_ID_PREFIX}${container.name}`] ?? '';
    const podDir = join(options.dir, namespace, name);
    mkdirSync(podDir, { recursive: true });
    const logFile = join(podDir, `${container.name}.log`);
    writeFileSync(logFile, '');
    await client.create(LOGS, namespace, {
      metadata: { name, namespace },
      spec: { logs: [{ containers: [container.name], logsFile: logFile }] },
    });
    const startedAt = new Date().toISOString();
    const base = {
      name: container.name,
      image: container.image,
      imageID,
      containerID: `buildah://${pod.metadata.uid}`,
    };
    const finish = async (exitCode: number, reason: string, message?: string) => {
      const finishedAt = new Date().toISOString();
      await setStatus(pod, {
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        conditions: [
          { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: finishedAt },
          {
            type: 'ContainersReady',
            status: 'False',
            reason: 'PodCompleted',
            lastTransitionTime: finishedAt,
          },
        ],
        containerStatuses: [
          {
            ...base,
            ready: false,
            started: false,
            restartCount: 0,
            state: {
              terminated: { exitCode, reason, message, startedAt, finishedAt, containerID: base.containerID },
            },
          },
        ],
      });
    };
    let env: Record<string, string>;
    let volumeArgs: string[];
    try {
      env = await environment(container, namespace);
      volumeArgs = await mounts(pod, container, podDir);
    } catch (error) {
      if (!(error instanceof PodSetupError)) throw error;
      // A kubelet leaves such a pod Pending with CreateContainerConfigError; a Job would wait forever.
      await warn(pod, 'Failed', `Error: ${error.message}`);
      await setStatus(pod, {
        containerStatuses: [
          {
            ...base,
            ready: false,
            started: false,
            restartCount: 0,
            state: { waiting: { reason: 'CreateContainerConfigError', message: error.message } },
          },
        ],
      });
      return;
    }
    const from = await buildahRun([
      'from',
      '--quiet',
      '--pull=missing',
      '--tls-verify=false',
      container.image,
    ]);
    if (from.code !== 0) {
      await finish(128, 'StartError', from.stderr.trim());
      return;
    }
    const working = from.stdout.trim();
    try {
      const inspect = JSON.parse((await buildahRun(['inspect', '--type', 'container', working])).stdout) as {
        OCIv1?: { config?: { Entrypoint?: string[]; Cmd?: string[] } };
      };
      const config = inspect.OCIv1?.config ?? {};
      // $(VAR) in command and args is expanded from the container's env, as the kubelet does; $$ escapes.
      const expand = (arg: string) =>
        arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name?: string) =>
          name === undefined ? '$' : (env[name] ?? match),
        );
      const argv = [
        ...(container.command ?? config.Entrypoint ?? []),
        ...(container.args ?? (container.command ? [] : (config.Cmd ?? []))),
      ].map(expand);
      if (argv.length === 0) {
        await finish(128, 'StartError', 'no command specified');
        return;
      }
      await setStatus(pod, {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True', lastTransitionTime: startedAt },
          { type: 'Ready', status: 'True', lastTransitionTime: startedAt },
          { type: 'ContainersReady', status: 'True', lastTransitionTime: startedAt },
        ],
        hostIP: '127.0.0.1',
        podIP: '127.0.0.1',
        startTime: startedAt,
        containerStatuses: [
          { ...base, ready: true, started: true, restartCount: 0, state: { running: { startedAt } } },
        ],
      });
      // Whole lines in CRI log format, as kwok serves them (`<time> <stream> F <line>`).
      const pending = { stdout: '', stderr: '' };
      const writeLog = (stream: 'stdout' | 'stderr', lines: string[]) => {
        const stamp = new Date().toISOString();
        // buildah reports a non-zero exit on its own stderr; that is not the program's output.
        const kept = lines.filter(
          (line) =>
            stream === 'stdout' || !/^(subprocess exited with status|Error: exit status) \d+$/.test(line),
        );
        if (kept.length > 0)
          appendFileSync(logFile, kept.map((line) => `${stamp} ${stream} F ${line}\n`).join(''));
      };
      const envArgs = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
      const runStarted = performance.now();
      const result = await buildahRun(
        [
          'run',
          '--isolation',
          'chroot',
          '--network',
          'host',
          ...(container.workingDir ? ['--workingdir', container.workingDir] : []),
          ...envArgs,
          ...volumeArgs,
          working,
          '--',
          ...argv,
        ],
        (stream, text) => {
          pending[stream] += text;
          const lines = pending[stream].split('\n');
          pending[stream] = lines.pop() ?? '';
          writeLog(stream, lines);
        },
        (child) => running.set(pod.metadata.uid ?? '', child),
      );
      // A container stopped because its pod was deleted has no pod left to report to.
      if (!running.delete(pod.metadata.uid ?? '')) return;
      writeLog('stdout', pending.stdout ? [pending.stdout] : []);
      writeLog('stderr', pending.stderr ? [pending.stderr] : []);
      runs.push({
        namespace,
        pod: name,
        image: container.image,
        argv,
        exitCode: result.code,
        logFile,
        ms: performance.now() - runStarted,
      });
      await finish(result.code, result.code === 0 ? 'Completed' : 'Error');
    } finally {
      await buildahRun(['rm', working]);
    }
  };

  const consider = (pod: KubeObject) => {
    const uid = pod.metadata.uid ?? '';
    const spec = pod.spec as PodSpec;
    if (!spec.nodeName || started.has(uid) || pod.metadata.deletionTimestamp) return;
    if ((pod.status as { phase?: string } | undefined)?.phase !== 'Pending') return;
    // Wait for the image puller; an image the registry lacks is left to the ErrImagePull Stage.
    if (pod.metadata.annotations?.[IMAGES_ANNOTATION] !== 'resolved') return;
    started.add(uid);
    const run = execute(pod).catch((error: unknown) => {
      process.stderr.write(
        `test executor: pod ${pod.metadata.namespace}/${pod.metadata.name}: ${String(error)}\n`,
      );
    });
    active.add(run);
    void run.finally(() => active.delete(run));
  };

  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        const selector = { labelSelector: `${EXECUTOR_LABEL}=true`, fieldSelector: 'spec.nodeName!=' };
        const list = await client.list(RESOURCES.pod, undefined, selector);
        list.items.forEach(consider);
        for await (const event of client.watch(RESOURCES.pod, undefined, {
          ...selector,
          resourceVersion: list.metadata.resourceVersion,
          signal: controller.signal,
        })) {
          if (event.type === 'DELETED' || event.object.metadata.deletionTimestamp)
            stopContainer(event.object.metadata.uid ?? '');
          else consider(event.object);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        if (!(error instanceof WatchExpiredError)) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  })();

  return {
    runs,
    async stop() {
      controller.abort();
      for (const uid of [...running.keys()]) stopContainer(uid);
      await loop;
      await Promise.all([...active]);
    },
  };
}

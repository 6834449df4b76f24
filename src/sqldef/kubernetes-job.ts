// The in-cluster executor of sqldef-migrate: each sqldef invocation (plan, export, apply) runs as a Job
// beside the database, its schema from a ConfigMap, its connection from a Secret the cluster already
// has. The pod's log streams into the step log; the Job and the ConfigMap are deleted whatever happens.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ActionFailed, ConfigurationError, getErrorMessage } from '../lib/errors.js';
import type { ProcessResult } from '../lib/exec.js';
import type { Logger } from '../lib/logger.js';
import { redact } from '../lib/redact.js';
import {
  ForbiddenError,
  rbacRule,
  WatchExpiredError,
  type KubeClient,
  type KubeObject,
} from '../kubernetes/client.js';
import { RESOURCES } from '../kubernetes/resources.js';
import { buildCommand, TOOLS, type Connection, type Engine } from './command.js';
import type { SqldefExecutor, SqldefInvocation } from './migrate.js';

/** ConfigMap data is limited to 1 MiB. */
export const CONFIG_MAP_LIMIT = 1024 * 1024;
const SCHEMA_DIR = '/sqldef/schema';
export type DbRole = 'host' | 'port' | 'user' | 'password' | 'database';
/** The layout of an RDS-managed secret (and External Secrets synced from one). */
export const DEFAULT_SECRET_KEYS: Record<DbRole, string> = {
  host: 'host',
  port: 'port',
  user: 'username',
  password: 'password',
  database: 'dbname',
};
const PASSWORD_ENV: Partial<Record<Engine, string>> = { postgres: 'PGPASSWORD', mysql: 'MYSQL_PWD' };

export interface KubernetesJobSettings {
  namespace: string;
  image: string;
  /** The sqldef binary in the image; default the tool name on the image's PATH. */
  command?: string;
  serviceAccountName?: string;
  /** `keys`: one Secret, each role from a key (secretKeyRef); `env-from`: all keys as variables. */
  secret: { kind: 'keys' | 'env-from'; name: string; keys: Partial<Record<DbRole, string>> };
  /** Plain (non-secret) parts of the connection given as inputs; they win over the Secret. */
  plain: { host?: string; port?: number; user?: string; database?: string; sslmode?: string };
  deadlineSeconds: number;
  ttlSecondsAfterFinished: number;
  /** Labels tying the Job to the run (repository, run id, attempt). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Extra labels on the pod (a mesh opt-out, a test executor). */
  podLabels: Record<string, string>;
}

export interface JobRunnerOptions {
  client: KubeClient;
  engine: Engine;
  settings: KubernetesJobSettings;
  schemaFiles: string[];
  configFiles: string[];
  configInline?: string;
  logger: Logger;
  secrets?: string[];
  /** Aborts on cancellation (SIGINT/SIGTERM) or when the migration lock is lost. */
  signal?: AbortSignal;
  now?: () => number;
}

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; reason?: string; message?: string };
}
interface PodStatus {
  phase?: string;
  containerStatuses?: { name: string; state?: ContainerState }[];
}
interface JobStatus {
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  succeeded?: number;
  failed?: number;
}

/** Kubernetes label values: 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
export function labelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** A DNS-1123 name of at most `max` characters. */
export function dnsName(value: string, max = 63): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/** The ConfigMap's data: each schema file under a unique key, then each config file. */
export function configMapData(schemaFiles: string[], configFiles: string[]): Record<string, string> {
  const data: Record<string, string> = {};
  const add = (prefix: string, file: string, index: number) => {
    const key = `${prefix}${index}-${basename(file).replace(/[^-._a-zA-Z0-9]/g, '_')}`;
    data[key] = readFileSync(file, 'utf8');
  };
  schemaFiles.forEach((file, index) => add('schema-', file, index));
  configFiles.forEach((file, index) => add('config-', file, index));
  return data;
}

/** Refuses data a ConfigMap cannot hold, before anything is created. */
export function checkConfigMapSize(data: Record<string, string>): void {
  const size = Object.entries(data).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (size > CONFIG_MAP_LIMIT) {
    throw new ConfigurationError(
      `The schema and config files are ${(size / 1024 / 1024).toFixed(2)} MiB; a ConfigMap holds at most 1 MiB, so run-in 'kubernetes' cannot carry them. ` +
        "Split the schema, drop what sqldef need not see (config 'skip_tables'), or run on a self-hosted runner (run-in 'runner'). Nothing was created in the cluster.",
    );
  }
}

/** The connection as sqldef's arguments will read it: plain values, or `$(VAR)` the kubelet expands. */
export function jobConnection(settings: KubernetesJobSettings): {
  connection: Connection;
  env: Record<string, unknown>[];
  envFrom: Record<string, unknown>[];
} {
  const { secret, plain } = settings;
  const env: Record<string, unknown>[] = [];
  const reference = (role: DbRole): string | undefined => {
    const key = secret.keys[role];
    if (!key) return undefined;
    if (secret.kind === 'env-from') return `$(${key})`;
    const name = `SQLDEF_DB_${role.toUpperCase()}`;
    env.push({ name, valueFrom: { secretKeyRef: { name: secret.name, key } } });
    return `$(${name})`;
  };
  const host = plain.host ?? reference('host');
  const port = plain.port ?? reference('port');
  const user = plain.user ?? reference('user');
  const database = plain.database ?? reference('database');
  const password = reference('password');
  if (!database) {
    throw new ConfigurationError(
      "Input 'database' is required with run-in 'kubernetes' unless 'db-secret-keys' names the Secret's database key (database=<key>).",
    );
  }
  if (!host) {
    throw new ConfigurationError(
      "Input 'host' is required with run-in 'kubernetes' unless 'db-secret-keys' names the Secret's host key (host=<key>).",
    );
  }
  return {
    connection: {
      host,
      ...(port !== undefined ? { port } : {}),
      ...(user !== undefined ? { user } : {}),
      database,
      ...(plain.sslmode ? { sslmode: plain.sslmode } : {}),
      // The password never reaches the runner: the container gets it from the Secret (below).
      ...(password ? { password } : {}),
    },
    env,
    envFrom: secret.kind === 'env-from' ? [{ secretRef: { name: secret.name } }] : [],
  };
}

const finished = (job: KubeObject) =>
  ((job.status as JobStatus | undefined)?.conditions ?? []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );

/** Waiting reasons after which the pod never starts on its own. */
const STUCK = new Set([
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

/** Says which RBAC rule is missing for the verbs the in-cluster mode needs. */
export function forbidden(error: ForbiddenError, namespace: string): ConfigurationError {
  return new ConfigurationError(
    `${error.message}\nrun-in 'kubernetes' needs, in namespace '${namespace}': ` +
      [
        rbacRule('create', RESOURCES.configMap).replace('["create"]', '["create", "delete"]'),
        rbacRule('create', RESOURCES.job).replace(
          '["create"]',
          '["create", "get", "list", "watch", "delete"]',
        ),
        rbacRule('list', RESOURCES.pod).replace('["list"]', '["get", "list", "watch"]'),
        rbacRule('get', RESOURCES.podLog),
        rbacRule('list', RESOURCES.event),
        rbacRule('create', RESOURCES.lease).replace(
          '["create"]',
          '["create", "get", "update", "delete", "watch", "list"]',
        ),
      ].join(', ') +
      '. Nothing was left in the cluster.',
  );
}

/**
 * Creates the ConfigMap once, then runs each sqldef invocation as a Job; `close()` deletes what is left.
 * The executor's results are what runProcess returns, so parsing and reporting are runner mode's.
 */
export class KubernetesSqldef {
  readonly executor: SqldefExecutor;
  /** Milliseconds from each Job's create to its finished, complete log (the bench subtracts sqldef's). */
  readonly jobTimes: { purpose: string; ms: number; sqldefMs?: number }[] = [];
  private configMap?: string;
  private readonly jobs = new Set<string>();
  private readonly id: string;
  private readonly data: Record<string, string>;
  private readonly keys: { schema: string[]; config: string[] };
  private count = 0;

  constructor(private readonly options: JobRunnerOptions) {
    this.id = `${dnsName(options.settings.labels['platform-actions.io/run-id'] ?? 'run', 20)}-${randomBytes(3).toString('hex')}`;
    this.data = configMapData(options.schemaFiles, options.configFiles);
    checkConfigMapSize(this.data);
    const keys = Object.keys(this.data);
    this.keys = {
      schema: keys.filter((key) => key.startsWith('schema-')),
      config: keys.filter((key) => key.startsWith('config-')),
    };
    this.executor = (invocation) => this.run(invocation);
  }

  private get namespace(): string {
    return this.options.settings.namespace;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ForbiddenError) throw forbidden(error, this.namespace);
      throw error;
    }
  }

  /** The Job for one invocation (exported for tests through `jobManifest`). */
  manifest(invocation: SqldefInvocation, name: string): KubeObject {
    const { settings, engine } = this.options;
    const { connection, env, envFrom } = jobConnection(settings);
    const command = buildCommand({
      engine,
      binary: settings.command ?? TOOLS[engine],
      schemaFiles: this.keys.schema.map((key) => `${SCHEMA_DIR}/${key}`),
      connection: { ...connection, password: undefined },
      dryRun: invocation.dryRun,
      enableDrop: invocation.enableDrop,
      exportSchema: invocation.exportSchema,
      configFiles: this.keys.config.map((key) => `${SCHEMA_DIR}/${key}`),
      ...(this.options.configInline ? { configInline: this.options.configInline } : {}),
    });
    const passwordEnv = PASSWORD_ENV[engine];
    const secretEnv = [...env];
    if (passwordEnv && connection.password) {
      const key = settings.secret.keys.password!;
      secretEnv.push(
        settings.secret.kind === 'keys'
          ? { name: passwordEnv, valueFrom: { secretKeyRef: { name: settings.secret.name, key } } }
          : { name: passwordEnv, value: `$(${key})` },
      );
    }
    const extraEnv = Object.entries(command.env)
      .filter(([name]) => name !== passwordEnv)
      .map(([name, value]) => ({ name, value }));
    const labels = { ...settings.labels, 'platform-actions.io/sqldef': invocation.purpose };
    return {
      metadata: { name, namespace: this.namespace, labels, annotations: settings.annotations },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: settings.deadlineSeconds,
        ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
        template: {
          metadata: { labels: { ...labels, ...settings.podLabels }, annotations: settings.annotations },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            ...(settings.serviceAccountName ? { serviceAccountName: settings.serviceAccountName } : {}),
            containers: [
              {
                name: 'sqldef',
                image: settings.image,
                command: [command.command],
                args: command.args,
                envFrom,
                env: [
                  ...secretEnv,
                  ...extraEnv,
                  // lib/pq waits for the TCP timeout on an unreachable host without it.
                  ...(engine === 'postgres' ? [{ name: 'PGCONNECT_TIMEOUT', value: '15' }] : []),
                ],
                volumeMounts: [{ name: 'schema', mountPath: SCHEMA_DIR, readOnly: true }],
                resources: {
                  requests: { cpu: '50m', memory: '64Mi' },
                  limits: { memory: '256Mi' },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
            volumes: [{ name: 'schema', configMap: { name: this.configMap } }],
          },
        },
      },
    };
  }

  private async ensureConfigMap(): Promise<void> {
    if (this.configMap) return;
    const name = `sqldef-${this.id}`;
    await this.call(() =>
      this.options.client.create(RESOURCES.configMap, this.namespace, {
        metadata: {
          name,
          namespace: this.namespace,
          labels: this.options.settings.labels,
          annotations: this.options.settings.annotations,
        },
        data: this.data,
      }),
    );
    this.configMap = name;
  }

  /** One invocation as a Job: create, wait for the pod, stream its log, wait for the end, delete. */
  async run(invocation: SqldefInvocation): Promise<ProcessResult> {
    const { client, logger } = this.options;
    const now = this.options.now ?? Date.now;
    this.throwIfAborted();
    await this.ensureConfigMap();
    const name = `sqldef-${this.id}-${++this.count}-${invocation.purpose}`.slice(0, 63).replace(/-+$/, '');
    const started = now();
    const manifest = this.manifest(invocation, name);
    const spec = (manifest.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec
      .containers[0]!;
    logger.info(
      `$ ${TOOLS[this.options.engine]} ${spec.args.join(' ')}   (Job ${this.namespace}/${name}, image ${this.options.settings.image})`,
    );
    await this.call(() => client.create(RESOURCES.job, this.namespace, manifest));
    this.jobs.add(name);
    const controller = new AbortController();
    const abort = () => controller.abort();
    this.options.signal?.addEventListener('abort', abort, { once: true });
    const deadlineMs = (this.options.settings.deadlineSeconds + 60) * 1000;
    const timer = setTimeout(abort, deadlineMs);
    try {
      const pod = await this.call(() => this.podStarted(name, controller.signal));
      const streamed: string[] = [];
      const following = pod.started ? this.stream(pod.name, streamed, controller.signal) : Promise.resolve();
      const job = await this.call(() =>
        client
          .waitFor(RESOURCES.job, this.namespace, name, (object) => !!finished(object), {
            timeoutMs: deadlineMs,
            description: 'finish',
            signal: controller.signal,
          })
          .catch((error: unknown) => {
            this.throwIfAborted();
            throw error;
          }),
      );
      this.throwIfAborted();
      const condition = finished(job)!;
      const final = await this.call(() => client.find(RESOURCES.pod, this.namespace, pod.name));
      const state = (final?.status as PodStatus | undefined)?.containerStatuses?.[0]?.state;
      let log = '';
      if (final) {
        try {
          log = await this.call(() => client.text(RESOURCES.podLog, this.namespace, pod.name));
        } catch (error) {
          if (error instanceof ConfigurationError) throw error;
          log = streamed.join('\n');
        }
      } else {
        log = streamed.join('\n');
      }
      controller.abort();
      await following;
      const lines = log.split('\n');
      if (lines.at(-1) === '') lines.pop();
      for (const line of lines.slice(streamed.length)) logger.info(redact(line, this.options.secrets));
      if (condition.type === 'Failed' && condition.reason === 'DeadlineExceeded') {
        throw new ActionFailed(
          `The sqldef Job ${this.namespace}/${name} ran longer than ${this.options.settings.deadlineSeconds} s ('job-deadline'): Kubernetes killed it (DeadlineExceeded)` +
            `${invocation.dryRun ? '' : this.options.engine === 'postgres' ? '; the statements in its transaction were rolled back' : '; MySQL runs DDL outside transactions, so check which statements ran'}. Raise 'job-deadline', or find what blocks it (a lock on a table). The Job was deleted.` +
            (log.trim() ? `\nIts log:\n${redact(log.trim(), this.options.secrets)}` : ''),
        );
      }
      const exitCode = state?.terminated?.exitCode ?? (condition.type === 'Complete' ? 0 : 1);
      const ms = now() - started;
      this.jobTimes.push({ purpose: invocation.purpose, ms });
      // The pod's log interleaves stdout and stderr: a success is output, a failure is the error.
      return exitCode === 0
        ? { exitCode, stdout: log, stderr: '', ms }
        : { exitCode, stdout: '', stderr: log || state?.terminated?.message || condition.message || '', ms };
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', abort);
      await this.deleteJob(name);
    }
  }

  private throwIfAborted(): void {
    const signal = this.options.signal;
    if (!signal?.aborted) return;
    // A lost lock says so; a cancellation (an AbortError) gets the sentence below.
    throw signal.reason instanceof ActionFailed
      ? signal.reason
      : new ActionFailed('Cancelled: the sqldef Job was deleted and nothing more was run.');
  }

  /** Watches the Job's pod until its container runs or ends; a pod that cannot start is a fault. */
  private async podStarted(job: string, signal: AbortSignal): Promise<{ name: string; started: boolean }> {
    const { client } = this.options;
    const selector = { labelSelector: `job-name=${job}` };
    let reported = '';
    for (;;) {
      const list = await client.list(RESOURCES.pod, this.namespace, selector);
      for (const pod of list.items) {
        const verdict = await this.judge(pod, job);
        if (verdict) return verdict;
      }
      try {
        for await (const event of client.watch(RESOURCES.pod, this.namespace, {
          ...selector,
          resourceVersion: list.metadata.resourceVersion,
          signal,
        })) {
          if (event.type === 'DELETED') {
            // Deleted before it started: the Job failed (its deadline) or was deleted.
            const current = await client.find(RESOURCES.job, this.namespace, job);
            if (!current || finished(current))
              return { name: event.object.metadata.name ?? '', started: false };
            continue;
          }
          const state = (event.object.status as PodStatus | undefined)?.containerStatuses?.[0]?.state;
          if (state?.waiting?.reason && state.waiting.reason !== reported) {
            reported = state.waiting.reason;
            if (!STUCK.has(reported))
              this.options.logger.info(`Pod ${event.object.metadata.name}: ${reported}`);
          }
          const verdict = await this.judge(event.object, job);
          if (verdict) return verdict;
        }
      } catch (error) {
        if (!(error instanceof WatchExpiredError)) throw error;
        continue;
      }
      this.throwIfAborted();
      // The watch ended without a verdict: the Job may have failed before any pod started (deadline).
      const current = await client.find(RESOURCES.job, this.namespace, job);
      if (current && finished(current)) return { name: list.items[0]?.metadata.name ?? '', started: false };
      if (signal.aborted) {
        throw new ActionFailed(
          `The sqldef Job ${this.namespace}/${job} did not start in time; it was deleted.`,
        );
      }
    }
  }

  private async judge(pod: KubeObject, job: string): Promise<{ name: string; started: boolean } | undefined> {
    const name = pod.metadata.name ?? '';
    const status = pod.status as PodStatus | undefined;
    const state = status?.containerStatuses?.[0]?.state;
    if (state?.running || state?.terminated || status?.phase === 'Succeeded' || status?.phase === 'Failed')
      return { name, started: true };
    const reason = state?.waiting?.reason;
    if (!reason || !STUCK.has(reason)) return undefined;
    const events = await this.warnings(name);
    const message = state?.waiting?.message ?? '';
    const image = this.options.settings.image;
    const missingKey = /couldn't find key (\S+) in Secret/.exec(message)?.[1];
    if (reason === 'CreateContainerConfigError' && missingKey) {
      const secret = this.options.settings.secret;
      const role = Object.entries(secret.keys).find(([, key]) => key === missingKey)?.[0] ?? 'a role';
      throw new ConfigurationError(
        `The sqldef Job's pod cannot start (${reason}): ${message}` +
          (events ? `\nKubernetes events:\n${events}` : '') +
          `\nAdd the key '${missingKey}' (${role}) to the Secret '${secret.name}' in namespace '${this.namespace}', ` +
          `or name its key for ${role} in 'db-secret-keys' (${role}=<key>). The Job was deleted.`,
      );
    }
    if (reason === 'CreateContainerConfigError') {
      const secret = this.options.settings.secret;
      const keys = Object.entries(secret.keys)
        .map(([role, key]) => `${key} (${role})`)
        .join(', ');
      throw new ConfigurationError(
        `The sqldef Job's pod cannot start (${reason}): ${message}` +
          (events ? `\nKubernetes events:\n${events}` : '') +
          `\nCreate the Secret '${secret.name}' in namespace '${this.namespace}' with the keys ${keys}, e.g.\n` +
          `  kubectl -n ${this.namespace} create secret generic ${secret.name} ${Object.values(secret.keys)
            .map((key) => `--from-literal=${key}=…`)
            .join(' ')}\n` +
          "or set 'db-secret'/'db-secret-keys' to the Secret that has them. The Job was deleted.",
      );
    }
    throw new ConfigurationError(
      `The sqldef image cannot be pulled (${reason}): ${image}: ${message}` +
        (events ? `\nKubernetes events:\n${events}` : '') +
        `\nCheck 'image' (build one from images/sqldef with ecr-build-push, or mirror an official one into ECR) and that the nodes may pull it. The Job ${this.namespace}/${job} was deleted.`,
    );
  }

  /** The pod's Warning events, one per line (what `kubectl describe pod` shows). */
  private async warnings(pod: string): Promise<string> {
    try {
      const list = await this.options.client.list(RESOURCES.event, this.namespace, {
        fieldSelector: `involvedObject.name=${pod},type=Warning`,
      });
      return list.items
        .map((event) => `  ${String(event.reason ?? '')}: ${String(event.message ?? '')}`)
        .join('\n');
    } catch (error) {
      if (error instanceof ForbiddenError) return '';
      throw error;
    }
  }

  /** Streams the pod's log into the step log while it runs. */
  private async stream(pod: string, lines: string[], signal: AbortSignal): Promise<void> {
    // A container that has just started may have no log yet (400 "no logs found"): try again shortly.
    for (let attempt = 0; attempt < 10 && !signal.aborted; attempt++) {
      try {
        for await (const line of this.options.client.follow(this.namespace, pod, { signal })) {
          lines.push(line);
          this.options.logger.info(redact(line, this.options.secrets));
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        const status = (error as { status?: number }).status;
        if (status !== 400 || lines.length > 0) {
          this.options.logger.debug(`Log stream of ${pod} ended: ${getErrorMessage(error)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }

  private async deleteJob(name: string): Promise<void> {
    try {
      await this.options.client.delete(RESOURCES.job, this.namespace, name, {
        propagationPolicy: 'Background',
      });
      this.jobs.delete(name);
    } catch (error) {
      this.options.logger.warning(
        `Could not delete the Job ${this.namespace}/${name}: ${getErrorMessage(error)}. ttlSecondsAfterFinished removes it after ${this.options.settings.ttlSecondsAfterFinished} s.`,
      );
    }
  }

  /** Deletes the Jobs still there and the ConfigMap: on success, failure and cancellation. */
  async close(): Promise<void> {
    for (const job of [...this.jobs]) await this.deleteJob(job);
    if (!this.configMap) return;
    try {
      await this.options.client.delete(RESOURCES.configMap, this.namespace, this.configMap);
      this.configMap = undefined;
    } catch (error) {
      this.options.logger.warning(
        `Could not delete the ConfigMap ${this.namespace}/${this.configMap}: ${getErrorMessage(error)}.`,
      );
    }
  }
}

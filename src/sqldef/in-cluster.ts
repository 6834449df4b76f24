// run-in kubernetes around one migration: connect, take the database's Lease, run the migration with the
// Job executor, then delete every Job and the ConfigMap and release the Lease, however it ends.
import { ForbiddenError } from '../kubernetes/client.js';
import { acquireLease } from '../kubernetes/lease.js';
import type { KubernetesInputs, MigrateInputs } from './inputs.js';
import { checkConfigMapSize, configMapData, forbidden, KubernetesSqldef } from './kubernetes-job.js';
import type { SqldefExecutor } from './migrate.js';
import type { RunDependencies } from './run.js';

/** A lease not renewed for this long is free for the next run (a crashed runner). */
const LEASE_SECONDS = 60;

export async function runInCluster<T>(
  input: MigrateInputs,
  cluster: KubernetesInputs,
  deps: RunDependencies,
  fn: (executor: SqldefExecutor) => Promise<T>,
): Promise<T> {
  const { settings, lock } = cluster;
  try {
    // Before the cluster is reached: nothing is created for a schema a ConfigMap cannot hold.
    checkConfigMapSize(configMapData(input.schemaFiles, input.configFiles));
    const client = await deps.kubernetes!();
    const lease = lock
      ? await acquireLease({
          client,
          namespace: settings.namespace,
          name: lock.name,
          holder: lock.holder,
          durationSeconds: LEASE_SECONDS,
          waitMs: lock.waitMs,
          labels: settings.labels,
          logger: deps.logger,
          ...(deps.signal ? { signal: deps.signal } : {}),
        })
      : undefined;
    const signals = [...(lease ? [lease.lost] : []), ...(deps.signal ? [deps.signal] : [])];
    const jobs = new KubernetesSqldef({
      client,
      engine: input.engine,
      settings,
      schemaFiles: input.schemaFiles,
      configFiles: input.configFiles,
      ...(input.configInline ? { configInline: input.configInline } : {}),
      logger: deps.logger,
      secrets: input.secrets,
      ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
    });
    try {
      return await fn(jobs.executor);
    } finally {
      await jobs.close();
      await lease?.release();
    }
  } catch (error) {
    // The Lease, the ConfigMap or the Job refused: every rule the mode needs, in one message.
    if (error instanceof ForbiddenError) throw forbidden(error, settings.namespace);
    throw error;
  }
}

// One holder at a time: a coordination.k8s.io Lease taken by create (or by a takeover of an expired one,
// guarded by resourceVersion), renewed while held, released by a delete of our own version.
import { ActionFailed, getErrorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { KubernetesApiError, WatchExpiredError, type KubeClient, type KubeObject } from './client.js';
import { RESOURCES } from './resources.js';

/** The calls a lease needs: KubeClient, or a fake. */
export type LeaseClient = Pick<KubeClient, 'find' | 'create' | 'replace' | 'delete' | 'watch'>;

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
export type Lease = KubeObject & { spec?: LeaseSpec };

export interface LeaseOptions {
  client: LeaseClient;
  namespace: string;
  name: string;
  /** Who holds it, as the other runs will read it (repository, run, job). */
  holder: string;
  /** A holder that stops renewing loses the lease after this long. */
  durationSeconds: number;
  /** How long to wait for another holder; 0 fails at once. */
  waitMs: number;
  labels?: Record<string, string>;
  logger: Logger;
  now?: () => number;
  /** Stops the wait (a cancelled run): nothing was taken, so nothing is left. */
  signal?: AbortSignal;
}

export interface HeldLease {
  /** Aborts when the lease was taken by another holder (renewal found someone else). */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** Kubernetes MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** When a lease held by someone else stops being theirs (ms since the epoch). */
export function leaseExpiry(lease: Lease): number {
  const spec = lease.spec ?? {};
  if (!spec.holderIdentity) return 0;
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
  if (Number.isNaN(renewed)) return 0;
  return renewed + (spec.leaseDurationSeconds ?? 0) * 1000;
}

const conflict = (error: unknown) =>
  error instanceof KubernetesApiError && (error.status === 409 || error.status === 404);

/**
 * Takes the lease: creates it, or takes over one that expired (or that we hold already). Another live
 * holder is waited for with a watch, at most `waitMs`; then it fails naming the holder.
 */
export async function acquireLease(options: LeaseOptions): Promise<HeldLease> {
  const { client, namespace, name, holder, logger } = options;
  const now = options.now ?? Date.now;
  const deadline = now() + options.waitMs;
  let announced = '';
  for (;;) {
    const current = await client.find<Lease>(RESOURCES.lease, namespace, name);
    const stamp = microTime(now());
    const spec: LeaseSpec = {
      holderIdentity: holder,
      leaseDurationSeconds: options.durationSeconds,
      acquireTime: stamp,
      renewTime: stamp,
    };
    try {
      if (!current) {
        const created = await client.create<Lease>(RESOURCES.lease, namespace, {
          metadata: { name, namespace, ...(options.labels ? { labels: options.labels } : {}) },
          spec: { ...spec, leaseTransitions: 0 },
        });
        return hold(options, created);
      }
      const expiry = leaseExpiry(current);
      const mine = current.spec?.holderIdentity === holder;
      if (mine || expiry <= now()) {
        const taken = await client.replace<Lease>(RESOURCES.lease, namespace, name, {
          metadata: { ...current.metadata },
          spec: {
            ...spec,
            leaseTransitions: (current.spec?.leaseTransitions ?? 0) + (mine ? 0 : 1),
          },
        });
        if (!mine && current.spec?.holderIdentity) {
          logger.warning(
            `Took over the lease ${namespace}/${name} from '${current.spec.holderIdentity}', which stopped renewing it.`,
          );
        }
        return hold(options, taken);
      }
      const other = current.spec?.holderIdentity ?? 'another run';
      const since = current.spec?.acquireTime ?? current.spec?.renewTime ?? 'an unknown time';
      if (now() >= deadline) {
        throw new ActionFailed(
          `Another migration holds the lock on this database: Lease ${namespace}/${name} is held by '${other}' (since ${since}). ` +
            `Waited ${Math.round(options.waitMs / 1000)} s ('lock-timeout'); run again when it is done, or raise 'lock-timeout'.`,
        );
      }
      if (announced !== other) {
        logger.info(
          `Waiting for the lock: Lease ${namespace}/${name} is held by '${other}' (since ${since}); waiting up to ${Math.round((deadline - now()) / 1000)} s.`,
        );
        announced = other;
      }
      await changeOrTimeout(
        client,
        current,
        Math.min(deadline, Math.max(expiry, now())) - now(),
        options.signal,
      );
      if (options.signal?.aborted) {
        throw new ActionFailed(
          `Cancelled while waiting for the lock (Lease ${namespace}/${name} held by '${other}'): nothing was run.`,
        );
      }
    } catch (error) {
      // Someone else created, took or released it between our read and our write: read again.
      if (conflict(error)) continue;
      throw error;
    }
  }
}

/** Resolves when the lease changes (released, renewed, taken) or after `ms`; a watch, not a poll. */
async function changeOrTimeout(
  client: LeaseClient,
  lease: Lease,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(ms, 0) + 50);
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const event of client.watch<Lease>(RESOURCES.lease, lease.metadata.namespace, {
      fieldSelector: `metadata.name=${lease.metadata.name ?? ''}`,
      resourceVersion: lease.metadata.resourceVersion,
      signal: controller.signal,
      timeoutSeconds: Math.max(1, Math.ceil(ms / 1000) + 1),
    })) {
      if (event.type === 'DELETED' || event.object.spec?.holderIdentity !== lease.spec?.holderIdentity)
        return;
      // A renewal by the holder: keep waiting until it ends or we time out.
    }
  } catch (error) {
    if (!(error instanceof WatchExpiredError)) throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
    controller.abort();
  }
}

function hold(options: LeaseOptions, acquired: Lease): HeldLease {
  const { client, namespace, name, holder, logger } = options;
  const now = options.now ?? Date.now;
  const lost = new AbortController();
  let lease = acquired;
  let renewing: Promise<void> = Promise.resolve();
  logger.info(`Holding the lock: Lease ${namespace}/${name} as '${holder}'.`);
  const renew = async () => {
    try {
      lease = await client.replace<Lease>(RESOURCES.lease, namespace, name, {
        metadata: { ...lease.metadata },
        spec: { ...lease.spec, renewTime: microTime(now()) },
      });
    } catch (error) {
      if (!conflict(error)) {
        logger.warning(`Could not renew the lease ${namespace}/${name}: ${getErrorMessage(error)}`);
        return;
      }
      const current = await client.find<Lease>(RESOURCES.lease, namespace, name);
      if (current?.spec?.holderIdentity === holder) {
        lease = current;
        return renew();
      }
      lost.abort(
        new ActionFailed(
          `Lost the lock: Lease ${namespace}/${name} is now held by '${current?.spec?.holderIdentity ?? 'nobody'}'.`,
        ),
      );
    }
  };
  const timer = setInterval(
    () => {
      renewing = renewing.then(renew);
    },
    Math.max(1000, (options.durationSeconds * 1000) / 3),
  );
  timer.unref?.();
  return {
    lost: lost.signal,
    async release() {
      clearInterval(timer);
      await renewing;
      if (lost.signal.aborted) return;
      try {
        await client.delete(RESOURCES.lease, namespace, name, {
          resourceVersion: lease.metadata.resourceVersion,
        });
      } catch (error) {
        if (!conflict(error)) throw error;
      }
    },
  };
}

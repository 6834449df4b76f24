import { describe, expect, it } from '@jest/globals';
import { ActionFailed } from '../../../src/lib/errors.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { KubernetesApiError, type KubeObject, type WatchEvent } from '../../../src/kubernetes/client.js';
import {
  acquireLease,
  leaseExpiry,
  microTime,
  type Lease,
  type LeaseClient,
} from '../../../src/kubernetes/lease.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';

// Leases in memory with the API server's rules that matter here: create of an existing name is 409,
// a PUT or a delete with a stale resourceVersion is 409, and watches see every change from a version.
// The real API server runs the same code in test/integration/sqldef/kubernetes.test.ts.
class FakeLeases implements LeaseClient {
  private rv = 1;
  readonly objects = new Map<string, Lease>();
  private readonly history: WatchEvent<Lease>[] = [];
  private readonly waiters = new Set<() => void>();
  conflicts = 0;

  private key(namespace: string | undefined, name: string) {
    return `${namespace}/${name}`;
  }
  private changed(type: WatchEvent['type'], object: Lease) {
    this.history.push({ type, object: structuredClone(object) });
    for (const wake of this.waiters) wake();
  }
  private conflict(name: string): never {
    this.conflicts++;
    throw new KubernetesApiError(
      `conflict on ${name}`,
      409,
      'Conflict',
      'update',
      RESOURCES.lease,
      'default',
    );
  }

  find = (async (_resource: unknown, namespace: string | undefined, name: string) => {
    const object = this.objects.get(this.key(namespace, name));
    return object ? structuredClone(object) : undefined;
  }) as LeaseClient['find'];

  create = (async (_resource: unknown, namespace: string | undefined, body: KubeObject) => {
    const key = this.key(namespace, body.metadata.name ?? '');
    if (this.objects.has(key)) this.conflict(body.metadata.name ?? '');
    const object: Lease = {
      ...structuredClone(body),
      metadata: { ...body.metadata, resourceVersion: String(++this.rv) },
    };
    this.objects.set(key, object);
    this.changed('ADDED', object);
    return structuredClone(object);
  }) as LeaseClient['create'];

  replace = (async (_resource: unknown, namespace: string | undefined, name: string, body: KubeObject) => {
    const key = this.key(namespace, name);
    const current = this.objects.get(key);
    if (!current)
      throw new KubernetesApiError('not found', 404, 'NotFound', 'update', RESOURCES.lease, namespace);
    if (body.metadata.resourceVersion !== current.metadata.resourceVersion) this.conflict(name);
    const object: Lease = {
      ...structuredClone(body),
      metadata: { ...body.metadata, resourceVersion: String(++this.rv) },
    };
    this.objects.set(key, object);
    this.changed('MODIFIED', object);
    return structuredClone(object);
  }) as LeaseClient['replace'];

  delete = (async (
    _resource: unknown,
    namespace: string | undefined,
    name: string,
    options: { resourceVersion?: string } = {},
  ) => {
    const key = this.key(namespace, name);
    const current = this.objects.get(key);
    if (!current) return;
    if (options.resourceVersion && options.resourceVersion !== current.metadata.resourceVersion)
      this.conflict(name);
    this.objects.delete(key);
    this.changed('DELETED', {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(++this.rv) },
    });
  }) as LeaseClient['delete'];

  watch = async function* (
    this: FakeLeases,
    _resource: unknown,
    _namespace: string | undefined,
    options: { resourceVersion?: string; signal?: AbortSignal; fieldSelector?: string } = {},
  ): AsyncGenerator<WatchEvent<Lease>> {
    const from = Number(options.resourceVersion ?? 0);
    const name = options.fieldSelector?.replace('metadata.name=', '');
    let seen = 0;
    while (!options.signal?.aborted) {
      const events = this.history.filter(
        (event) =>
          Number(event.object.metadata.resourceVersion) > from && event.object.metadata.name === name,
      );
      for (const event of events.slice(seen)) yield event;
      seen = events.length;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        options.signal?.addEventListener('abort', wake, { once: true });
      });
    }
  } as unknown as LeaseClient['watch'];
}

const base = { namespace: 'default', name: 'sqldef-app', durationSeconds: 30, logger: createMemoryLogger() };

describe('acquireLease', () => {
  it('creates the lease, and a second holder waits until it is released', async () => {
    const client = new FakeLeases();
    const first = await acquireLease({ ...base, client, holder: 'run 1', waitMs: 0 });
    expect(client.objects.get('default/sqldef-app')?.spec?.holderIdentity).toBe('run 1');
    const logger = createMemoryLogger();
    const second = acquireLease({ ...base, client, holder: 'run 2', waitMs: 60_000, logger });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logger.lines.join('\n')).toContain("is held by 'run 1'");
    await first.release();
    const held = await second;
    expect(client.objects.get('default/sqldef-app')?.spec?.holderIdentity).toBe('run 2');
    await held.release();
    expect(client.objects.size).toBe(0);
  });

  it('lets exactly one of two simultaneous runs create it; the other waits and then holds it', async () => {
    const client = new FakeLeases();
    const order: string[] = [];
    const run = async (holder: string) => {
      const lease = await acquireLease({ ...base, client, holder, waitMs: 60_000 });
      order.push(`${holder} holds`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`${holder} releases`);
      await lease.release();
    };
    await Promise.all([run('a'), run('b')]);
    expect(client.conflicts).toBeGreaterThan(0);
    expect(order).toHaveLength(4);
    expect(order[1]).toBe(`${order[0]!.split(' ')[0]} releases`);
    expect(client.objects.size).toBe(0);
  });

  it('fails naming the holder when the wait runs out', async () => {
    const client = new FakeLeases();
    const held = await acquireLease({ ...base, client, holder: 'acme/shop run 7 attempt 1', waitMs: 0 });
    const error = await acquireLease({ ...base, client, holder: 'run 8', waitMs: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ActionFailed);
    expect((error as Error).message).toMatch(
      /held by 'acme\/shop run 7 attempt 1' \(since .*\)\. Waited 0 s \('lock-timeout'\)/,
    );
    await held.release();
  });

  it('stops waiting when the run is cancelled, taking nothing', async () => {
    const client = new FakeLeases();
    const held = await acquireLease({ ...base, client, holder: 'run 1', waitMs: 0 });
    const cancel = new AbortController();
    const waiting = acquireLease({ ...base, client, holder: 'run 2', waitMs: 60_000, signal: cancel.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    cancel.abort();
    await expect(waiting).rejects.toThrow(
      "Cancelled while waiting for the lock (Lease default/sqldef-app held by 'run 1'): nothing was run.",
    );
    expect(client.objects.get('default/sqldef-app')?.spec?.holderIdentity).toBe('run 1');
    await held.release();
  });

  it('takes over a lease whose holder stopped renewing, with its resourceVersion', async () => {
    const client = new FakeLeases();
    const stale = microTime(Date.now() - 120_000);
    await client.create(RESOURCES.lease, 'default', {
      metadata: { name: 'sqldef-app' },
      spec: { holderIdentity: 'crashed run', leaseDurationSeconds: 30, acquireTime: stale, renewTime: stale },
    });
    const logger = createMemoryLogger();
    const lease = await acquireLease({ ...base, client, holder: 'run 9', waitMs: 0, logger });
    const stored = client.objects.get('default/sqldef-app')!;
    expect(stored.spec).toMatchObject({ holderIdentity: 'run 9', leaseTransitions: 1 });
    expect(leaseExpiry(stored)).toBeGreaterThan(Date.now());
    expect(logger.lines.join('\n')).toContain("from 'crashed run', which stopped renewing it");
    await lease.release();
  });
});

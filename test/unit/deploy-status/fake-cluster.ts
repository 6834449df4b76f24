// An in-memory API server for the follower's unit tests: objects with resourceVersions, list, watch from a
// version, merge patches of annotations, pod logs, Forbidden answers and an outage that cuts every watch.
import { ConfigurationError } from '../../../src/lib/errors.js';
import type {
  ClusterApi,
  KubeList,
  KubeObject,
  ResourceType,
  Selectors,
  WatchEvent,
} from '../../../src/deploy-status/cluster.js';

interface Stored {
  rv: number;
  type: WatchEvent['type'];
  object: KubeObject;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class FakeCluster implements ClusterApi {
  private rv = 100;
  private readonly store = new Map<string, Map<string, KubeObject>>();
  private readonly events = new Map<string, Stored[]>();
  private readonly waiters = new Set<() => void>();
  readonly logs = new Map<string, string>();
  readonly forbidden = new Set<string>();
  readonly patches: { resource: string; namespace?: string; name: string; patch: unknown }[] = [];
  calls = 0;
  down = false;
  /** Patches applied whose answer is then lost (the connection resets before it arrives). */
  lostPatchAnswers = 0;
  /** Called after each patch (a test plays the controller here). */
  onPatch: (resource: ResourceType, name: string) => void = () => undefined;
  private generationOfWatch = 0;

  get totalCalls(): number {
    return this.calls;
  }

  put(resource: ResourceType, object: KubeObject): KubeObject {
    const objects = this.objects(resource);
    const id = `${object.metadata.namespace}/${object.metadata.name}`;
    const previous = objects.get(id);
    const stored = clone(object);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.generation ??= previous?.metadata.generation ?? 1;
    objects.set(id, stored);
    this.log(resource).push({ rv: this.rv, type: previous ? 'MODIFIED' : 'ADDED', object: clone(stored) });
    this.notify();
    return stored;
  }

  /** Updates an object in place with `change`. */
  update(
    resource: ResourceType,
    namespace: string,
    name: string,
    change: (object: KubeObject) => void,
  ): void {
    const object = clone(this.objects(resource).get(`${namespace}/${name}`));
    if (!object) throw new Error(`no ${resource.kind} ${namespace}/${name}`);
    change(object);
    this.put(resource, object);
  }

  remove(resource: ResourceType, namespace: string, name: string): void {
    const objects = this.objects(resource);
    const object = objects.get(`${namespace}/${name}`);
    if (!object) return;
    objects.delete(`${namespace}/${name}`);
    object.metadata.resourceVersion = String(++this.rv);
    this.log(resource).push({ rv: this.rv, type: 'DELETED', object });
    this.notify();
  }

  read(resource: ResourceType, namespace: string, name: string): KubeObject | undefined {
    return this.objects(resource).get(`${namespace}/${name}`);
  }

  /** The API server goes away: open watches break and requests are refused until `restart()`. */
  stop(): void {
    this.down = true;
    this.generationOfWatch++;
    this.notify();
  }

  restart(): void {
    this.down = false;
  }

  async get<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    this.enter('get', resource);
    const object = this.objects(resource).get(`${namespace}/${name}`);
    if (!object) throw Object.assign(new Error(`${resource.resource} "${name}" not found`), { status: 404 });
    return clone(object) as T;
  }

  async list<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace?: string,
    selectors: Selectors = {},
  ): Promise<KubeList<T>> {
    this.enter('list', resource);
    const items = [...this.objects(resource).values()].filter((o) => this.matches(o, namespace, selectors));
    return { metadata: { resourceVersion: String(this.rv) }, items: clone(items) as T[] };
  }

  async *watch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    options: Selectors & { resourceVersion?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<WatchEvent<T>> {
    this.enter('watch', resource);
    const generation = this.generationOfWatch;
    let from = Number(options.resourceVersion ?? this.rv);
    for (;;) {
      if (options.signal?.aborted) return;
      if (this.generationOfWatch !== generation) {
        throw Object.assign(new Error('Kubernetes API: socket hang up'), { code: 'ECONNRESET' });
      }
      const pending = this.log(resource).filter((e) => e.rv > from);
      for (const event of pending) {
        from = event.rv;
        if (this.matches(event.object, namespace, options))
          yield { type: event.type, object: clone(event.object) as T };
      }
      if (pending.length === 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            this.waiters.delete(done);
            options.signal?.removeEventListener('abort', done);
            resolve();
          };
          this.waiters.add(done);
          options.signal?.addEventListener('abort', done);
        });
      }
    }
  }

  async patch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
  ): Promise<T> {
    this.enter('patch', resource);
    this.patches.push({ resource: resource.resource, namespace, name, patch });
    const annotations =
      (patch as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {};
    this.update(resource, namespace!, name, (object) => {
      object.metadata.annotations = { ...object.metadata.annotations, ...annotations };
    });
    const result = clone(this.objects(resource).get(`${namespace}/${name}`)) as T;
    setImmediate(() => this.onPatch(resource, name));
    if (this.lostPatchAnswers > 0) {
      this.lostPatchAnswers--;
      throw Object.assign(new Error('Kubernetes API https://127.0.0.1:6443: socket hang up'), {
        code: 'ECONNRESET',
      });
    }
    return result;
  }

  async text(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    params: Record<string, string | undefined> = {},
  ): Promise<string> {
    this.enter('get', resource);
    return this.logs.get(`${namespace}/${name}/${params.container}`) ?? '';
  }

  private enter(verb: string, resource: ResourceType): void {
    this.calls++;
    if (this.down)
      throw Object.assign(new Error('Kubernetes API https://127.0.0.1:6443: connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      });
    if (this.forbidden.has(`${verb}:${resource.resource}`)) {
      throw new ConfigurationError(`Kubernetes refused to ${verb} ${resource.resource}: forbidden`);
    }
  }

  private matches(object: KubeObject, namespace: string | undefined, selectors: Selectors): boolean {
    if (namespace && object.metadata.namespace !== namespace) return false;
    const name = /^metadata\.name=(.*)$/.exec(selectors.fieldSelector ?? '')?.[1];
    if (name !== undefined && object.metadata.name !== name) return false;
    for (const term of (selectors.labelSelector ?? '').split(',').filter(Boolean)) {
      const [key, value] = term.split('=');
      if (object.metadata.labels?.[key!] !== value) return false;
    }
    return true;
  }

  private objects(resource: ResourceType): Map<string, KubeObject> {
    let objects = this.store.get(resource.resource);
    if (!objects) this.store.set(resource.resource, (objects = new Map()));
    return objects;
  }

  private log(resource: ResourceType): Stored[] {
    let log = this.events.get(resource.resource);
    if (!log) this.events.set(resource.resource, (log = []));
    return log;
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

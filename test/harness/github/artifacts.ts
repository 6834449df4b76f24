// Workflow run artifacts: zips uploaded by tests for a run, listed and downloaded as GitHub does (the
// download answers 302 to a short-lived signed URL on another host, the blob store, which refuses requests
// that carry an Authorization header, as the real one does).
import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';

export interface Artifact {
  id: number;
  repo: string;
  runId: number;
  name: string;
  zip: Buffer;
  createdAt: Date;
  expiresAt: Date;
  /** Set by expire() or when expiresAt has passed. */
  expired: boolean;
  headSha: string;
  headBranch: string;
}

export interface UploadOptions {
  headSha?: string;
  headBranch?: string;
  /** Days until it expires (upload-artifact's retention-days); default 90. */
  retentionDays?: number;
}

/** How long a signed download URL is valid; GitHub documents one minute. */
export const SIGNED_URL_SECONDS = 60;

export class ArtifactStore {
  private readonly byId = new Map<number, Artifact>();
  private readonly grants = new Map<string, { id: number; until: number }>();

  constructor(
    private readonly nextId: () => number,
    private readonly now: () => Date,
  ) {}

  /** Stores `zip` as the artifact `name` of run `runId` of `repo` (owner/name), as upload-artifact does. */
  upload(repo: string, runId: number, name: string, zip: Buffer, options: UploadOptions = {}): Artifact {
    const createdAt = this.now();
    const artifact: Artifact = {
      id: this.nextId(),
      repo: repo.toLowerCase(),
      runId,
      name,
      zip,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + (options.retentionDays ?? 90) * 86_400_000),
      expired: false,
      headSha: options.headSha ?? '0'.repeat(40),
      headBranch: options.headBranch ?? 'main',
    };
    this.byId.set(artifact.id, artifact);
    return artifact;
  }

  /** Marks an artifact expired: still listed (expired: true), its download answers 410. */
  expire(id: number): void {
    const artifact = this.byId.get(id);
    if (!artifact) throw new Error(`No artifact ${id}`);
    artifact.expired = true;
  }

  delete(id: number): void {
    this.byId.delete(id);
  }

  get(repo: string, id: number): Artifact | undefined {
    const artifact = this.byId.get(id);
    if (!artifact || artifact.repo !== repo.toLowerCase()) return undefined;
    if (artifact.expiresAt <= this.now()) artifact.expired = true;
    return artifact;
  }

  /** The artifacts of a run, newest first (GitHub's default order). */
  forRun(repo: string, runId: number): Artifact[] {
    return [...this.byId.values()]
      .filter((a) => a.repo === repo.toLowerCase() && a.runId === runId)
      .map((a) => this.get(a.repo, a.id)!)
      .sort((a, b) => b.id - a.id);
  }

  /** A signature for one download of `id`, valid for SIGNED_URL_SECONDS. */
  sign(id: number): string {
    const signature = randomBytes(16).toString('hex');
    this.grants.set(signature, { id, until: this.now().getTime() + SIGNED_URL_SECONDS * 1000 });
    return signature;
  }

  /** The artifact a signature grants, or undefined when it is unknown or has expired. */
  redeem(id: number, signature: string): Artifact | undefined {
    const grant = this.grants.get(signature);
    if (!grant || grant.id !== id || grant.until < this.now().getTime()) return undefined;
    return this.byId.get(id);
  }
}

export const artifactDigest = (zip: Buffer) => `sha256:${createHash('sha256').update(zip).digest('hex')}`;

/** A zip archive of `files` (path → content), deflated as upload-artifact writes them. */
export function zipFiles(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

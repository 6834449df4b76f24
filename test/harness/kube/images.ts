import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Registry } from '../services.js';

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A one-file tar archive (ustar). */
function tar(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(content.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

async function pushBlob(
  registry: Registry,
  repo: string,
  data: Buffer,
  auth: Record<string, string>,
): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: auth });
  if (start.status !== 202) throw new Error(`blob upload to ${repo} refused: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    body: data,
  });
  if (put.status !== 201) throw new Error(`blob upload to ${repo} failed: HTTP ${put.status}`);
  return digest;
}

/**
 * Pushes a small OCI image (one layer holding `/marker.txt`) as `repo:tag` through the registry's HTTP API
 * and returns its manifest digest, as a pull of it reports it.
 */
export async function pushTestImage(
  registry: Registry,
  repo: string,
  tag: string,
  marker = tag,
): Promise<string> {
  const auth: Record<string, string> = registry.auth
    ? {
        authorization: `Basic ${Buffer.from(`${registry.auth.username}:${registry.auth.password}`).toString('base64')}`,
      }
    : {};
  const layer = gzipSync(tar('marker.txt', Buffer.from(`${marker}\n`)));
  const layerDigest = await pushBlob(registry, repo, layer, auth);
  const diffId = sha256(tar('marker.txt', Buffer.from(`${marker}\n`)));
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [diffId] },
    }),
  );
  const configDigest = await pushBlob(registry, repo, config, auth);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length },
      ],
    }),
  );
  const response = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  if (response.status !== 201)
    throw new Error(`manifest push of ${repo}:${tag} failed: HTTP ${response.status}`);
  return sha256(manifest);
}

// Reads the entries of a zip archive in memory (stored or deflated, as GitHub's artifact archives are),
// from its central directory; entries are inflated only when read.
import { inflateRawSync } from 'node:zlib';
import { ActionFailed } from './errors.js';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

export interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

function fail(what: string): never {
  throw new ActionFailed(`The zip archive is damaged or unsupported: ${what}.`);
}

/** The file entries (not directories) of a zip archive, by name. */
export function readZip(archive: Buffer): Map<string, ZipEntry> {
  // The end record is in the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 0xffff); at--) {
    if (archive.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) fail('no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) fail('zip64 archives are not supported');
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > archive.length || archive.readUInt32LE(at) !== CENTRAL_FILE_HEADER)
      fail('bad central directory entry');
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localHeader = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    entries.set(name, {
      name,
      size,
      read: () => {
        if (archive.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) fail(`bad local header of ${name}`);
        const start =
          localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
        const data = archive.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
        return fail(`${name} uses compression method ${method}`);
      },
    });
  }
  return entries;
}

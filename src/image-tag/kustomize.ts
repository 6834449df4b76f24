// Kustomize `images:` entries: `newTag`, `digest` and `newName` of the entry named in 'key' (or the only
// entry), added to the entry when it does not have them yet.
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { ConfigurationError } from '../lib/errors.js';
import { isDigest } from '../lib/image-reference.js';
import { walk, pathTargets } from './helm-paths.js';
import { formatPath, parseKeyPath, type PathStep } from './key-path.js';
import {
  mapKeys,
  scalarEquals,
  scalarText,
  type Insertion,
  type NewValues,
  type Target,
  type ValueKind,
} from './targets.js';

/** `images[name=redis].newTag`: the short form `redis`, written as a path. */
const ENTRY_PATH = /^images\[name=([^\]]+)\]\.(newTag|newName|digest)$/;

export function kustomizeTargets(
  documents: Document.Parsed[],
  keys: string[],
  file: string,
  values: NewValues,
  insertions: Insertion[],
): Target[] {
  const doc = documents.find(
    (candidate) => isMap(candidate.contents) && isSeq(candidate.contents.get('images', true)),
  );
  if (!doc)
    throw new ConfigurationError(
      `${file}: no 'images:' list found; it is not a Kustomization with images (set 'format' if it is another kind of file).`,
    );
  const images = (doc.contents as YAMLMap).get('images', true);
  if (!isSeq(images)) return [];
  const entries = images.items.filter(isMap);
  const names = entries
    .map((entry) => entry.get('name', true))
    .filter(isScalar)
    .map((value) => String(value.value));
  const targets: Target[] = [];
  const entryNames: string[] = [];
  for (const key of keys) {
    const entryPath = ENTRY_PATH.exec(key);
    if (entryPath) entryNames.push((entryPath[1] as string).replace(/^(["'])(.*)\1$/, '$2'));
    else if (/^images[[.]/.test(key)) targets.push(...pathTargets([doc], parseKeyPath(key), file));
    else entryNames.push(key);
  }
  if (keys.length === 0) {
    if (entries.length !== 1) {
      throw new ConfigurationError(
        `${file}: 'images' has ${entries.length} entries (${names.join(', ')}); name the image to set in 'key', one per line.`,
      );
    }
    entryNames.push(names[0] ?? '');
  }
  const chosen = entryNames.map((name) => {
    const matches = entries.filter((entry) => scalarEquals(entry.get('name', true), name));
    if (matches.length === 0) {
      throw new ConfigurationError(
        `${file}: no entry of 'images' has name=${name} (names: ${names.map((n) => `'${n}'`).join(', ')}).`,
      );
    }
    if (matches.length > 1)
      throw new ConfigurationError(
        `${file}: ${matches.length} entries of 'images' have name=${name}, where one was expected.`,
      );
    return { name, entry: matches[0] as YAMLMap };
  });
  const tagIsDigest = values.tag !== undefined && isDigest(values.tag);
  for (const { name, entry } of chosen) {
    const fields: [string, ValueKind][] = [];
    if (values.tag !== undefined && !tagIsDigest) fields.push(['newTag', 'tag']);
    if (values.digest !== undefined || tagIsDigest) fields.push(['digest', 'digest']);
    if (values.name !== undefined) fields.push(['newName', 'name']);
    const pinned = entry.get('digest', true);
    if (!fields.some(([, kind]) => kind === 'digest') && isScalar(pinned) && scalarText(pinned) !== '') {
      throw new ConfigurationError(
        `${file}: the 'images' entry name=${name} has digest ${scalarText(pinned)}, which Kustomize uses instead of newTag, so a new tag alone would deploy the same image. Give 'digest' (the new image's digest), or delete the entry's digest line.`,
      );
    }
    for (const [field, kind] of fields) {
      const steps: PathStep[] = [
        { kind: 'key', name: 'images' },
        { kind: 'select', field: 'name', value: name },
        { kind: 'key', name: field },
      ];
      const value = entry.get(field, true);
      if (value === undefined) {
        if (entry.flow) {
          throw new ConfigurationError(
            `${file}: the 'images' entry name=${name} has no '${field}' (its keys: ${mapKeys(entry).join(', ')}); add '${field}:' to it once by hand.`,
          );
        }
        insertions.push({ key: formatPath(steps), kind, entry, field, group: name });
        continue;
      }
      const nodes = walk(value, steps, steps.length, file, formatPath(steps));
      for (const node of nodes) targets.push({ key: formatPath(steps), kind, node, group: name });
    }
  }
  return targets;
}

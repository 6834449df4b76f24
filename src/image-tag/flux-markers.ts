// Flux image-automation markers: `# {"$imagepolicy": "ns:policy[:tag|:name|:digest]"}` after a value.
import { visit, type Document, type Scalar } from 'yaml';
import { ConfigurationError } from '../lib/errors.js';
import { isDigest } from '../lib/image-reference.js';
import { scalarText, type NewValues, type Target, type ValueKind } from './targets.js';

export const FLUX_MARKER = /#\s*\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}/g;

export function hasFluxMarker(text: string): boolean {
  return text.includes('$imagepolicy') && new RegExp(FLUX_MARKER.source).test(text);
}

export function fluxTargets(
  text: string,
  documents: Document.Parsed[],
  keys: string[],
  file: string,
  values: NewValues,
  warnings: string[],
): Target[] {
  const scalars: Scalar[] = [];
  for (const doc of documents) {
    visit(doc, {
      Scalar(_key, node) {
        if (node.range) scalars.push(node);
      },
    });
  }
  scalars.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const targets: Target[] = [];
  const policies = new Set<string>();
  for (const match of text.matchAll(FLUX_MARKER)) {
    const at = match.index ?? 0;
    const policy = match[1] ?? '';
    const inside = scalars.find((node) => (node.range?.[0] ?? 0) < at && at < (node.range?.[1] ?? 0));
    if (inside) {
      warnings.push(
        `${file}:${lineOf(at)}: the $imagepolicy marker is inside a ${inside.type === 'BLOCK_LITERAL' || inside.type === 'BLOCK_FOLDED' ? 'block scalar' : 'string'}, not a YAML comment; it was ignored.`,
      );
      continue;
    }
    let node: Scalar | undefined;
    for (const candidate of scalars) {
      const end = candidate.range?.[1] ?? 0;
      if ((candidate.range?.[0] ?? 0) >= at) break;
      if (/^[ \t]*$/.test(text.slice(end, at))) node = candidate;
    }
    if (!node) {
      warnings.push(
        `${file}:${lineOf(at)}: the $imagepolicy marker is not on the same line as a value; it was ignored.`,
      );
      continue;
    }
    const parts = policy.split(':');
    const suffix = parts.length >= 3 ? parts[2] : undefined;
    const kind: ValueKind =
      suffix === 'tag' ? 'tag' : suffix === 'name' ? 'name' : suffix === 'digest' ? 'digest' : 'image';
    const policyName = parts.slice(0, 2).join(':');
    if (keys.length > 0 && !keys.some((key) => key === policyName || key === policy || key === parts[1]))
      continue;
    policies.add(policyName);
    targets.push({ key: `$imagepolicy ${policy}`, kind, node, optional: true, group: policyName });
  }
  if (targets.length === 0) {
    throw new ConfigurationError(
      keys.length > 0
        ? `${file}: no $imagepolicy marker for ${keys.map((key) => `'${key}'`).join(', ')}.`
        : `${file}: no $imagepolicy marker next to a value.`,
    );
  }
  if (keys.length === 0 && policies.size > 1) {
    throw new ConfigurationError(
      `${file}: markers of ${policies.size} image policies (${[...policies].join(', ')}), where one was expected; name the policy in 'key'.`,
    );
  }
  const digestGiven = values.digest !== undefined || isDigest(values.tag ?? '');
  const pinned = targets.find((target) => target.kind === 'digest' && scalarText(target.node) !== '');
  if (pinned && !digestGiven) {
    throw new ConfigurationError(
      `${file}: ${pinned.key} holds the digest ${scalarText(pinned.node)}, which pins the image whatever its tag, so a new tag alone would deploy the same image. Give 'digest' (the new image's digest), or empty that value.`,
    );
  }
  return targets;
}

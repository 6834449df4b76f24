// What the format readers (Helm paths, Kustomize, Flux markers) hand to the rewrite: the scalars to set,
// the Kustomize keys to add, and the YAML helpers they share.
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';

export type ImageTagFormat = 'helm' | 'kustomize' | 'flux-marker';
export type FormatChoice = ImageTagFormat | 'auto';

/** What a target scalar holds, which decides the value written into it. */
export type ValueKind = 'tag' | 'digest' | 'name' | 'image';

export interface NewValues {
  /** Image tag (OCI tag grammar). A `sha256:…` digest here is written into digest keys. */
  tag?: string;
  /** Image digest `sha256:…` for digest keys (Kustomize `digest`, Flux `:digest`, Helm keys ending in `digest`). */
  digest?: string;
  /** Image name for Kustomize `newName` and Flux `:name` markers; left alone when not given. */
  name?: string;
}

export interface Target {
  key: string;
  kind: ValueKind;
  node: Scalar;
  /** Left alone when no value of its kind is given (Flux `:digest` markers). */
  optional?: boolean;
  /** Targets of one image (a Kustomize entry, a Flux policy): a digest among them wins over the tag. */
  group?: string;
}

/** A key to add to a Kustomize `images` entry that does not have it yet. */
export interface Insertion {
  key: string;
  kind: ValueKind;
  entry: YAMLMap;
  field: string;
  group?: string;
}

/** The source text of a scalar as written (without quotes); '' for an empty or null value. */
export function scalarText(node: Scalar): string {
  if (node.value === null || node.value === undefined) return '';
  const token = node.srcToken;
  if (token && 'type' in token && token.type === 'scalar') return token.source;
  return String(node.value);
}

export function scalarEquals(node: unknown, value: string): boolean {
  return isScalar(node) && String(node.value) === value;
}

export function mapKeys(node: YAMLMap): string[] {
  return node.items.map((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)));
}

export function describe(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'empty' : `the scalar '${String(node.value)}'`;
  return 'empty';
}

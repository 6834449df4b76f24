// The image-reference grammar, in one place: tags, digests, `name[:tag][@digest]` and ECR registry hosts.

/** The OCI distribution spec's tag grammar. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** A sha256 content digest, the only algorithm registries accept in practice. */
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** An ECR registry host: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export const TAG_RULE = "1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'";
export const DIGEST_RULE = "'sha256:' followed by 64 lowercase hex digits";

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/** Account and region of an ECR registry host, or undefined for any other registry. */
export function parseEcrHost(host: string): { account: string; region: string } | undefined {
  const match = ECR_HOST.exec(host);
  return match ? { account: match[1] as string, region: match[2] as string } : undefined;
}

export function isEcrRegistry(host: string): boolean {
  return ECR_HOST.test(host);
}

export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry:5000/org/app:v1@sha256:…` into name, tag and digest. */
export function splitImageReference(reference: string): ImageReference {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export function formatImageReference(reference: ImageReference): string {
  return `${reference.name}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

/** Splits a tag value as Renovate pins it, `v1.2.3@sha256:…`, into the tag and the digest. */
export function splitPinnedTag(value: string): { tag: string; digest?: string } {
  const at = value.indexOf('@');
  return at < 0 ? { tag: value } : { tag: value.slice(0, at), digest: value.slice(at + 1) };
}

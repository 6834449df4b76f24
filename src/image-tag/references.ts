import { ConfigurationError } from '../lib/errors.js';

/** OCI distribution spec tag grammar. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** A sha256 content digest, the only algorithm registries accept in practice. */
export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/** Repository name, optionally with a registry host and port (`host:5000/org/app`). */
const NAME_PATTERN =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

export function isDigest(value: string): boolean {
  return DIGEST_PATTERN.test(value);
}

export function isValidImageName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

export function assertTag(tag: string, inputName = 'tag'): void {
  if (!isValidTag(tag)) {
    throw new ConfigurationError(
      `Input '${inputName}': '${tag}' is not a valid image tag (up to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-').`,
    );
  }
}

export function assertDigest(digest: string, inputName = 'digest'): void {
  if (!isDigest(digest)) {
    throw new ConfigurationError(
      `Input '${inputName}': '${digest}' is not a digest; write 'sha256:' followed by 64 lowercase hex digits.`,
    );
  }
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

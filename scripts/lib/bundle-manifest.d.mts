export const MANIFEST: string;
/** The repository files src/actions/<name>/index.ts imports, directly or not (node_modules aside). */
export function sourceFiles(root: string, name: string): Promise<string[]>;
/** One hash over the bundle's sources, package-lock.json, tsconfig.json and scripts/build.mjs. */
export function inputsHash(root: string, name: string): Promise<string>;
/** Writes dist/<name>/inputs.sha256 for the files the build just wrote. */
export function writeManifest(root: string, name: string): Promise<void>;
/** Why dist/<name>/ is not the build of the checkout's sources, or undefined when it is. */
export function bundleDrift(root: string, name: string): Promise<string | undefined>;

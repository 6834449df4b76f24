/** Why dist/ must be rebuilt (a missing bundle, or an input newer than the oldest bundle), else undefined. */
export function staleDist(root: string): string | undefined;

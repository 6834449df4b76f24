/** A mistake the user can fix (an input, a permission, a file). Reported without a stack trace. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function getErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

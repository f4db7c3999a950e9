/**
 * Failures of opening or using the store that a caller can act on (the CLI turns them into a
 * message). Each has a stable code; the message says what happened and what to do.
 */
export type StoreErrorCode =
  /** The file was written by a newer agent: refusing to touch it rather than corrupt it. */
  | 'E_STORE_SCHEMA_TOO_NEW'
  /** A read-only open found a schema older than this code: the agent must open it first. */
  | 'E_STORE_SCHEMA_OUTDATED'
  /** A read-only open of a file that does not exist. */
  | 'E_STORE_NOT_FOUND'
  /** A write on a store opened read-only. */
  | 'E_STORE_READONLY'
  /** A call after close(). */
  | 'E_STORE_CLOSED';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}

/** Storage failures carry a stable code and the ClickHouse error that caused them. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: 'STORAGE_WRITE_FAILED' | 'STORAGE_QUERY_FAILED' | 'MIGRATION_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

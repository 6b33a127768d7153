/** Storage failures carry a stable code and the ClickHouse error that caused them. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    /** ROWS_REFUSED: storage works but refused these rows (see row-refusal.ts); the others are down. */
    readonly code: 'STORAGE_WRITE_FAILED' | 'ROWS_REFUSED' | 'STORAGE_QUERY_FAILED' | 'MIGRATION_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

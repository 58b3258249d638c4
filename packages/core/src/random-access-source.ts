/**
 * Bytes that can be read at any offset: an in-memory buffer, a file handle, a memory map, an HTTP range
 * reader. Readers that need only parts of their input (the Arrow IPC file reader reads the footer and the
 * blocks asked for) take one of these.
 *
 * `read` may return a view (in-memory sources, memory maps: no copy) or freshly read bytes (files). It may be
 * sync or async; callers await it either way.
 */
export interface RandomAccessSource {
  /** Total size in bytes. */
  readonly byteLength: number
  /**
   * Read `length` bytes starting at `offset`. Must return exactly `length` bytes, or throw (a
   * `TruncatedInputError` when the range passes the end).
   */
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>
  /** Optional: release the underlying handle. */
  close?(): void | Promise<void>
}

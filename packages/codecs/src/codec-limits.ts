import {
  AllocationError,
  FrameTooLargeError,
  InvalidArgumentError,
  InvalidFrameError,
  LightstreamError,
  TruncatedInputError,
  type Allocator,
} from '@lightstream/core'

/** The default cap on the size a buffer may declare it expands to: 1 GiB. */
export const DEFAULT_MAX_UNCOMPRESSED_LENGTH = 1024 * 1024 * 1024

/** Limits and memory shared by every codec of this package. */
export interface DecodeLimitOptions {
  /**
   * The largest `uncompressedLength` that `decode` accepts, in bytes. A larger one is refused with
   * FrameTooLargeError before anything is allocated or decompressed. Default
   * {@link DEFAULT_MAX_UNCOMPRESSED_LENGTH} (1 GiB).
   */
  maxUncompressedLength?: number
  /**
   * Where decoded buffers are allocated (`alloc`, zeroed, 64-byte aligned), e.g. a WebAssembly arena.
   * Default: a fresh `Uint8Array` per buffer (offset 0, so aligned for every typed array).
   */
  allocator?: Allocator
}

/** Validates a limit option; `undefined` gives the default. @internal */
export function resolveLimit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative safe integer, got ${String(value)}`)
  }
  return value
}

/** Checks `decode`'s arguments against the limit before any work. @internal */
export function checkDecodeArguments(codec: string, bytes: unknown, uncompressedLength: unknown, limit: number): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(`${codec}: decode expects a Uint8Array, got ${describe(bytes)}`)
  }
  if (typeof uncompressedLength !== 'number' || !Number.isSafeInteger(uncompressedLength) || uncompressedLength < 0) {
    throw new InvalidArgumentError(`${codec}: uncompressedLength must be a non-negative safe integer, got ${String(uncompressedLength)}`)
  }
  if (uncompressedLength > limit) {
    throw new FrameTooLargeError(
      `${codec}: the buffer declares ${uncompressedLength} uncompressed bytes, above the limit of ${limit} (maxUncompressedLength)`,
      uncompressedLength,
      limit,
    )
  }
}

/** Checks `encode`'s argument. @internal */
export function checkEncodeArgument(codec: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(`${codec}: encode expects a Uint8Array, got ${describe(bytes)}`)
  }
}

/** Zeroed output memory of exactly `byteLength` bytes. @internal */
export function allocateOutput(allocator: Allocator | undefined, byteLength: number): Uint8Array {
  if (allocator === undefined) {
    try {
      return new Uint8Array(byteLength)
    } catch (cause) {
      throw new AllocationError(`Could not allocate ${byteLength} bytes for a decompressed buffer`, { cause })
    }
  }
  const out = allocator.alloc(byteLength)
  if (!(out instanceof Uint8Array) || out.length !== byteLength) {
    throw new AllocationError(`The allocator returned ${out instanceof Uint8Array ? `${out.length} bytes` : describe(out)} for ${byteLength} bytes`)
  }
  return out
}

/**
 * Turns whatever a third-party decompressor threw into a coded error: Lightstream errors pass through,
 * anything else becomes InvalidFrameError (or TruncatedInputError when `truncated` says so) with `cause`.
 * @internal
 */
export function codecFailure(codec: string, err: unknown, truncated = false): LightstreamError {
  if (err instanceof LightstreamError) return err
  const detail = err instanceof Error ? err.message : String(err)
  const message = `${codec}: corrupt compressed data (${detail})`
  return truncated ? new TruncatedInputError(message, { cause: err }) : new InvalidFrameError(message, { cause: err })
}

/** Reads a little-endian u32 at `p` (the caller checked that 4 bytes are there). @internal */
export function readU32(bytes: Uint8Array, p: number): number {
  return (bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24)) >>> 0
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object'
  return typeof value
}

/**
 * Every error Lightstream throws on purpose is a {@link LightstreamError} with a stable `code`.
 * Test with `instanceof` for the class or compare `code` (codes never change meaning between versions).
 * A wrapped failure (a codec, a socket) is kept as the standard `cause`.
 *
 * @example
 * ```ts
 * try { decode(bytes) } catch (err) {
 *   if (err instanceof FrameTooLargeError) console.warn(err.code, err.message) // 'ERR_FRAME_TOO_LARGE'
 * }
 * ```
 */

/** The stable codes, one per error class. */
export const ErrorCode = {
  /** An argument or option is outside what the API accepts. */
  InvalidArgument: 'ERR_INVALID_ARGUMENT',
  /** The input ended inside a frame or message. */
  Truncated: 'ERR_TRUNCATED',
  /** Bytes that cannot be a frame of the expected format (bad prefix, overlong varint, ...). */
  InvalidFrame: 'ERR_INVALID_FRAME',
  /** A declared size exceeds its configured limit. */
  FrameTooLarge: 'ERR_FRAME_TOO_LARGE',
  /** A read past the bytes that are buffered. */
  OutOfRange: 'ERR_OUT_OF_RANGE',
  /** An allocator could not provide the memory asked for. */
  Allocation: 'ERR_ALLOCATION',
  /** Memory was used after its owner released it. */
  Released: 'ERR_RELEASED',
  /** The operation was aborted through an AbortSignal or `abort()`. */
  Aborted: 'ERR_ABORTED',
  /** A write to a sink that is closed, aborted or failed. */
  SinkClosed: 'ERR_SINK_CLOSED',
  /** An optional dependency (a codec, an addon) is needed and not installed. */
  MissingDependency: 'ERR_MISSING_DEPENDENCY',
  /** A FrameDecoder disagreed with itself under different chunkings (conformance kit). */
  Conformance: 'ERR_CONFORMANCE',
  /** Arrow IPC bytes that break the format (bad flatbuffer, impossible offsets, wrong message order). */
  IpcFormat: 'ERR_IPC_FORMAT',
  /** Input uses a feature this version does not support (a future metadata version, an unknown codec). */
  Unsupported: 'ERR_UNSUPPORTED',
  /** Arrow array data whose buffers contradict its type, length or offsets (found by `validate`). */
  InvalidData: 'ERR_INVALID_DATA',
} as const

/** One of the values of {@link ErrorCode}. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode]

/** Options accepted by every Lightstream error constructor. */
export interface LightstreamErrorOptions {
  /** The underlying failure, kept as the standard `Error.cause`. */
  cause?: unknown
}

/** The root of every error Lightstream throws on purpose. */
export class LightstreamError extends Error {
  override name = 'LightstreamError'
  /** Stable machine-readable code, e.g. `'ERR_TRUNCATED'`. */
  readonly code: string

  constructor(message: string, code: string, options: LightstreamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}

/** An argument or option is outside what the API accepts. Code `ERR_INVALID_ARGUMENT`. */
export class InvalidArgumentError extends LightstreamError {
  override name = 'InvalidArgumentError'
  declare readonly code: typeof ErrorCode.InvalidArgument
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.InvalidArgument, options)
  }
}

/** The input ended inside a frame or message. Code `ERR_TRUNCATED`. */
export class TruncatedInputError extends LightstreamError {
  override name = 'TruncatedInputError'
  declare readonly code: typeof ErrorCode.Truncated
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.Truncated, options)
  }
}

/** Bytes that cannot be a frame of the expected format. Code `ERR_INVALID_FRAME`. */
export class InvalidFrameError extends LightstreamError {
  override name = 'InvalidFrameError'
  declare readonly code: typeof ErrorCode.InvalidFrame
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.InvalidFrame, options)
  }
}

/** A declared frame, message or buffer size exceeds its configured limit. Code `ERR_FRAME_TOO_LARGE`. */
export class FrameTooLargeError extends LightstreamError {
  override name = 'FrameTooLargeError'
  declare readonly code: typeof ErrorCode.FrameTooLarge
  /** The size the input declared (bytes). */
  readonly size: number
  /** The limit in force (bytes). */
  readonly limit: number
  constructor(message: string, size: number, limit: number, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.FrameTooLarge, options)
    this.size = size
    this.limit = limit
  }
}

/** A read past the bytes that are available. Code `ERR_OUT_OF_RANGE`. */
export class OutOfRangeError extends LightstreamError {
  override name = 'OutOfRangeError'
  declare readonly code: typeof ErrorCode.OutOfRange
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.OutOfRange, options)
  }
}

/** An allocator could not provide the memory asked for. Code `ERR_ALLOCATION`. */
export class AllocationError extends LightstreamError {
  override name = 'AllocationError'
  declare readonly code: typeof ErrorCode.Allocation
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.Allocation, options)
  }
}

/** Memory was used after its owner released it. Code `ERR_RELEASED`. */
export class ReleasedMemoryError extends LightstreamError {
  override name = 'ReleasedMemoryError'
  declare readonly code: typeof ErrorCode.Released
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.Released, options)
  }
}

/** The operation was aborted. Code `ERR_ABORTED`; `cause` holds the signal's reason. */
export class AbortError extends LightstreamError {
  override name = 'AbortError'
  declare readonly code: typeof ErrorCode.Aborted
  constructor(message = 'The operation was aborted', options?: LightstreamErrorOptions) {
    super(message, ErrorCode.Aborted, options)
  }
}

/** A write to a sink that is closed, aborted or failed. Code `ERR_SINK_CLOSED`. */
export class SinkClosedError extends LightstreamError {
  override name = 'SinkClosedError'
  declare readonly code: typeof ErrorCode.SinkClosed
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.SinkClosed, options)
  }
}

/** An optional dependency is needed and not installed; the message names the package. Code `ERR_MISSING_DEPENDENCY`. */
export class MissingDependencyError extends LightstreamError {
  override name = 'MissingDependencyError'
  declare readonly code: typeof ErrorCode.MissingDependency
  /** The npm package to install. */
  readonly packageName: string
  constructor(packageName: string, purpose: string, options?: LightstreamErrorOptions) {
    super(`${purpose} needs the optional package "${packageName}": install it with your package manager`, ErrorCode.MissingDependency, options)
    this.packageName = packageName
  }
}

/** A FrameDecoder produced different results for the same bytes under different chunkings. Code `ERR_CONFORMANCE`. */
export class ConformanceError extends LightstreamError {
  override name = 'ConformanceError'
  declare readonly code: typeof ErrorCode.Conformance
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.Conformance, options)
  }
}

/** Arrow IPC bytes that break the format. Code `ERR_IPC_FORMAT`. */
export class IpcFormatError extends LightstreamError {
  override name = 'IpcFormatError'
  declare readonly code: typeof ErrorCode.IpcFormat
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.IpcFormat, options)
  }
}

/** Input uses a feature this version does not support. Code `ERR_UNSUPPORTED`. */
export class UnsupportedFeatureError extends LightstreamError {
  override name = 'UnsupportedFeatureError'
  declare readonly code: typeof ErrorCode.Unsupported
  constructor(message: string, options?: LightstreamErrorOptions) {
    super(message, ErrorCode.Unsupported, options)
  }
}

/** Arrow array data whose buffers contradict its type, length or offsets. Code `ERR_INVALID_DATA`; `path` names the column. */
export class InvalidDataError extends LightstreamError {
  override name = 'InvalidDataError'
  declare readonly code: typeof ErrorCode.InvalidData
  /** Where the problem is, e.g. `"col.items[]"`; empty for the top level. */
  readonly path: string
  constructor(message: string, path = '', options?: LightstreamErrorOptions) {
    super(path ? `${path}: ${message}` : message, ErrorCode.InvalidData, options)
    this.path = path
  }
}

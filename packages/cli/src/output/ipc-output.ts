import { RecordBatch, type ByteSink, type Schema } from '@lightstream/core'
import { IpcFileWriter, IpcStreamWriter } from '@lightstream/ipc'
import type { IpcFormat } from '../input/detect-format'

/** How batches are written: format, compression, alignment, batch size. */
export interface IpcOutputOptions {
  readonly format: IpcFormat
  readonly compression?: 'lz4_frame' | 'zstd' | undefined
  readonly alignment?: 8 | 64
  /** Split record batches longer than this (views of the same buffers; smaller batches pass as they are). */
  readonly batchRows?: number | undefined
  readonly signal?: AbortSignal | undefined
}

/** Totals of a copy. */
export interface CopyResult {
  batches: number
  rows: number
  /** Bytes the sink accepted. */
  bytes: number
  /** Buffers the writer had to copy (re-packed bitmaps, rebased offsets of slices): 0 for unsliced data. */
  copies: number
}

/** Rows `[from, from + count)` of a batch, as views (O(columns), no copy). */
export function sliceBatch(batch: RecordBatch, from: number, count: number): RecordBatch {
  if (from === 0 && count === batch.numRows) return batch
  return new RecordBatch(batch.schema, batch.columns.map((c) => c.slice(from, count)), count)
}

/**
 * Write record batches to a sink as an IPC stream or file with the IPC writers: each batch's buffers go to
 * the sink as views (vectored writes, the sink's backpressure honoured), so the copy is zero-copy unless
 * compression is asked for or a slice needs rebasing (see the ipc README). Closes the writer (and the sink)
 * at the end; aborts them on failure.
 *
 * @throws the writers' errors: UnsupportedFeatureError a dictionary replaced in the file format,
 * MissingDependencyError a codec that is not installed, SinkClosedError/AbortError.
 */
export async function copyBatches(
  schema: Schema,
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  sink: ByteSink,
  options: IpcOutputOptions,
  onProgress?: (done: CopyResult) => void,
): Promise<CopyResult> {
  const writerOptions = {
    alignment: options.alignment ?? 64,
    ...(options.compression === undefined ? {} : { compression: options.compression }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }
  const writer = options.format === 'file' ? new IpcFileWriter(sink, schema, writerOptions) : new IpcStreamWriter(sink, schema, writerOptions)
  const done: CopyResult = { batches: 0, rows: 0, bytes: 0, copies: 0 }
  const limit = options.batchRows
  try {
    for await (const batch of batches) {
      const step = limit === undefined || limit <= 0 ? batch.numRows : limit
      for (let from = 0; from < batch.numRows || (from === 0 && batch.numRows === 0); from += Math.max(step, 1)) {
        const count = Math.min(step, batch.numRows - from)
        await writer.write(sliceBatch(batch, from, count))
        done.batches++
        done.rows += count
        done.bytes = writer.position
        onProgress?.(done)
        if (batch.numRows === 0) break
      }
    }
    await writer.close()
    done.bytes = writer.position
    done.copies = writer.stats.copies
    return done
  } catch (error) {
    await writer.abort(error).catch(() => undefined)
    throw error
  }
}

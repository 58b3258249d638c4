import type { ByteSink } from '@lightstream/core'

/** Bytes of text gathered before one write to the sink. */
export const TEXT_FLUSH_BYTES = 64 * 1024

/**
 * Text written to a ByteSink in 64 KiB writes, UTF-8 encoded, with the sink's backpressure: `write`
 * returns a promise only when it flushed and the sink asked to wait, so printing a row costs no microtask.
 */
export class TextOutput {
  readonly #sink: ByteSink
  readonly #encoder = new TextEncoder()
  #pending: string[] = []
  #size = 0

  constructor(sink: ByteSink) {
    this.#sink = sink
  }

  /** Queue `text`; flushes (and may return the sink's wait) once 64 KiB are queued. */
  write(text: string): Promise<void> | undefined {
    this.#pending.push(text)
    this.#size += text.length
    if (this.#size < TEXT_FLUSH_BYTES) return undefined
    return this.flush()
  }

  /** Write everything queued. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return
    const text = this.#pending.join('')
    this.#pending = []
    this.#size = 0
    await this.#sink.write(this.#encoder.encode(text))
  }
}

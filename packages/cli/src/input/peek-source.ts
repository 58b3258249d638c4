/** The first bytes of a source and the same source, unread, to read from the start again. */
export interface PeekedSource {
  /** At least `min` bytes (fewer only when the source ended sooner). A view when the first chunk sufficed. */
  readonly head: Uint8Array
  /** Every byte of the original source, from the first; iterate once. */
  readonly source: AsyncIterable<Uint8Array>
}

/**
 * Read chunks of `source` until `min` bytes are in, without losing them: the returned source yields the
 * chunks read so far, then the rest. Costs a copy of at most `min` bytes, only when the first chunk is
 * shorter than `min`. Empty chunks are dropped.
 */
export async function peekSource(source: AsyncIterable<Uint8Array>, min: number): Promise<PeekedSource> {
  const iterator = source[Symbol.asyncIterator]()
  const taken: Uint8Array[] = []
  let have = 0
  let done = false
  while (have < min) {
    const next = await iterator.next()
    if (next.done === true) {
      done = true
      break
    }
    if (next.value.length === 0) continue
    taken.push(next.value)
    have += next.value.length
  }
  let head: Uint8Array
  if (taken.length === 1 || (taken.length > 0 && taken[0]!.length >= min)) {
    head = taken[0]!.subarray(0, min)
  } else {
    head = new Uint8Array(Math.min(have, min))
    let at = 0
    for (const chunk of taken) {
      if (at >= head.length) break
      const part = chunk.subarray(0, head.length - at)
      head.set(part, at)
      at += part.length
    }
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* taken.splice(0)
      if (done) return
      for (;;) {
        const next = await iterator.next()
        if (next.done === true) {
          done = true
          return
        }
        if (next.value.length > 0) yield next.value
      }
    } finally {
      if (!done) await iterator.return?.()
    }
  }
  return { head, source: replay() }
}

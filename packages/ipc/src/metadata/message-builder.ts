import { Builder } from 'flatbuffers'

/** A reused builder that grew past this is dropped after use, so one huge schema does not pin memory. */
const KEEP_CAPACITY = 1 << 20

let shared: Builder | undefined

/**
 * The flatbuffers Builder the metadata writers share, cleared. Writers are synchronous, and their result is
 * copied out before the builder is used again (by the public writers before returning, by the encoders when
 * they frame the message; see `finishMessage`), so one builder serves every message; allocating one
 * per message was a measurable part of encoding many small batches. Its grown buffer is kept unless it
 * passed 1 MiB.
 * @internal
 */
export function messageBuilder(): Builder {
  let b = shared
  if (b === undefined || b.dataBuffer().capacity() > KEEP_CAPACITY) {
    b = new Builder(1024)
    shared = b
  } else {
    b.clear()
  }
  return b
}

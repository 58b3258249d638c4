import type { NativeBinding, NativeHandle } from './load-addon'

/** First retry after this many ms, doubling up to {@link MAX_RETRY_MS}. */
const FIRST_RETRY_MS = 10
const MAX_RETRY_MS = 60_000

/**
 * Unmap an uncounted mapping (see `native/uncounted_buffer.cc`) as soon as nothing refers to its memory: now
 * when possible, else retried on unref'd timers (the collector releases a swept buffer's memory a little
 * after the buffer object is gone, and a buffer transferred elsewhere holds it until that one is collected).
 * The timers never keep the process alive.
 * @internal
 */
export function releaseWhenFree(binding: NativeBinding, handle: NativeHandle, delay = FIRST_RETRY_MS): void {
  if (binding.release(handle)) return
  const timer = setTimeout(() => releaseWhenFree(binding, handle, Math.min(MAX_RETRY_MS, delay * 2)), delay)
  ;(timer as { unref?: () => void }).unref?.()
}

/** Collected uncounted buffers: their mappings are released (the safety net behind `close()`). */
const collected = new FinalizationRegistry<{ binding: NativeBinding; handle: NativeHandle }>(({ binding, handle }) => {
  releaseWhenFree(binding, handle)
})

/** Unmap `buffer`'s uncounted mapping once `buffer` has been collected and nothing else holds its memory. @internal */
export function trackUncounted(buffer: ArrayBuffer, binding: NativeBinding, handle: NativeHandle): void {
  collected.register(buffer, { binding, handle })
}

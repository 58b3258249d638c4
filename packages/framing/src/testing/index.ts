/**
 * @packageDocumentation
 * The conformance kit for FrameDecoder implementations: replay any decoder over the same input at every
 * chunk boundary (one chunk, 1-byte chunks, every two-way split, seeded random chunkings), through both
 * the sync and the async driver, and fail with a ConformanceError that names the chunking and frame index
 * of the first difference. Use it in your decoder's tests.
 *
 * @example
 * ```ts
 * import { LengthPrefixedDecoder } from '@lightstream/framing'
 * import { checkFrameDecoder } from '@lightstream/framing/testing'
 *
 * const report = await checkFrameDecoder({
 *   createDecoder: () => new LengthPrefixedDecoder({ width: 1 }),
 *   input: Uint8Array.of(2, 10, 11, 1, 12),
 *   expected: [Uint8Array.of(10, 11), Uint8Array.of(12)],
 * })
 * // report.frames === 2; a mismatch under any chunking rejects with ConformanceError
 *
 * // Truncated input must fail the same way however it is chunked:
 * await checkFrameDecoder({
 *   createDecoder: () => new LengthPrefixedDecoder({ width: 1 }),
 *   input: Uint8Array.of(2, 10),
 *   expectErrorCode: 'ERR_TRUNCATED',
 * })
 * ```
 */
export { checkFrameDecoder } from './check-frame-decoder'
export type { ConformanceOptions, ConformanceReport } from './check-frame-decoder'
export { chunkEvery, randomChunks, splitAt } from './chunkings'
export { framesEqual } from './frames-equal'
export { seededRandom } from './seeded-random'

import type { Data } from '@lightstream/core'

/**
 * Bytes of the buffers of one array chunk and its children, as held in memory (after decompression). A
 * dictionary counts only the first time its `Data` is seen in `seenDictionaries` (batches share it until
 * it changes); its bytes go to `dictionaryBytes`. O(buffers).
 */
export function dataBytes(data: Data, seenDictionaries: Set<Data>, into: { bytes: number; dictionaryBytes: number }): void {
  into.bytes += (data.validity?.byteLength ?? 0) + (data.values?.byteLength ?? 0) + (data.offsets?.byteLength ?? 0) + (data.sizes?.byteLength ?? 0)
  into.bytes += (data.typeIds?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0)
  for (const buffer of data.variadic) into.bytes += buffer.byteLength
  for (const child of data.children) dataBytes(child, seenDictionaries, into)
  if (data.dictionary !== undefined && !seenDictionaries.has(data.dictionary)) {
    seenDictionaries.add(data.dictionary)
    const inner = { bytes: 0, dictionaryBytes: 0 }
    dataBytes(data.dictionary, seenDictionaries, inner)
    into.dictionaryBytes += inner.bytes + inner.dictionaryBytes
  }
}

/** The largest power of two dividing `position`, at most `cap` (a position of 0 is aligned to `cap`). */
export function alignmentOf(position: number, cap = 64): number {
  let align = 1
  while (align < cap && position % (align * 2) === 0) align *= 2
  return align
}

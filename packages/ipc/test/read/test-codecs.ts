/**
 * Small decoders written for the tests, so the compressed golden files can be read before a codec package
 * is installed: an LZ4 frame decoder (all of the block format; checksums are skipped), a Zstandard decoder
 * for frames made only of raw and RLE blocks (what Arrow C++ writes for incompressible data), and a toy RLE
 * codec with both directions for crafted bodies. Each throws a plain Error on input it cannot handle.
 */
import type { Codec } from '@lightstream/core'

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0
}

/** Decode one LZ4 block (sequences of literals and back-references) into `out` at `pos`; returns the new pos. */
function lz4Block(src: Uint8Array, out: Uint8Array, pos: number): number {
  let i = 0
  while (i < src.length) {
    const token = src[i++]!
    let lit = token >> 4
    if (lit === 15) for (let b = 255; b === 255;) lit += b = src[i++]!
    out.set(src.subarray(i, i + lit), pos)
    pos += lit
    i += lit
    if (i >= src.length) break
    const offset = src[i]! | (src[i + 1]! << 8)
    i += 2
    let match = (token & 15) + 4
    if ((token & 15) === 15) for (let b = 255; b === 255;) match += b = src[i++]!
    if (offset === 0 || offset > pos) throw new Error('lz4: bad match offset')
    for (let k = 0; k < match; k++, pos++) out[pos] = out[pos - offset]!
  }
  return pos
}

/** LZ4 frame format (magic 0x184D2204) → bytes. */
export function lz4FrameDecode(src: Uint8Array, length: number): Uint8Array {
  if (u32(src, 0) !== 0x184d2204) throw new Error('lz4: not a frame')
  const flg = src[4]!
  let i = 6 + ((flg & 8) !== 0 ? 8 : 0) + ((flg & 1) !== 0 ? 4 : 0) + 1
  const blockChecksum = (flg & 16) !== 0
  const out = new Uint8Array(length)
  let pos = 0
  for (;;) {
    const size = u32(src, i)
    i += 4
    if (size === 0) break
    const n = size & 0x7fffffff
    const block = src.subarray(i, i + n)
    if ((size & 0x80000000) !== 0) {
      out.set(block, pos)
      pos += n
    } else pos = lz4Block(block, out, pos)
    i += n + (blockChecksum ? 4 : 0)
  }
  if (pos !== length) return out.subarray(0, pos)
  return out
}

/** Zstandard frames made of raw and RLE blocks only. */
export function zstdRawRleDecode(src: Uint8Array, length: number): Uint8Array {
  if (u32(src, 0) !== 0xfd2fb528) throw new Error('zstd: not a frame')
  const fhd = src[4]!
  const single = (fhd & 0x20) !== 0
  const fcsFlag = fhd >> 6
  let i = 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]!
  i += fcsFlag === 0 ? (single ? 1 : 0) : fcsFlag === 1 ? 2 : fcsFlag === 2 ? 4 : 8
  const out = new Uint8Array(length)
  let pos = 0
  for (let last = false; !last;) {
    const header = src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16)
    i += 3
    last = (header & 1) === 1
    const type = (header >> 1) & 3
    const size = header >> 3
    if (type === 0) {
      out.set(src.subarray(i, i + size), pos)
      i += size
    } else if (type === 1) {
      out.fill(src[i]!, pos, pos + size)
      i += 1
    } else throw new Error('zstd: compressed blocks are beyond this test decoder')
    pos += size
  }
  return pos === length ? out : out.subarray(0, pos)
}

/** The golden-file codecs under the names Arrow uses. */
export const goldCodecs: Codec[] = [
  { name: 'lz4_frame', encode: () => { throw new Error('decode only') }, decode: lz4FrameDecode },
  { name: 'zstd', encode: () => { throw new Error('decode only') }, decode: zstdRawRleDecode },
]

/** A toy run-length codec: pairs of (count 1..255, byte). Both directions, for crafted compressed bodies. */
export const rleCodec: Codec = {
  name: 'zstd',
  encode(bytes) {
    const out: number[] = []
    for (let i = 0; i < bytes.length;) {
      let n = 1
      while (n < 255 && i + n < bytes.length && bytes[i + n] === bytes[i]) n++
      out.push(n, bytes[i]!)
      i += n
    }
    return Uint8Array.from(out)
  },
  decode(bytes, length) {
    const out = new Uint8Array(length)
    let pos = 0
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      if (pos + bytes[i]! > length) throw new Error('rle: longer than declared')
      out.fill(bytes[i + 1]!, pos, pos + bytes[i]!)
      pos += bytes[i]!
    }
    return pos === length ? out : out.subarray(0, pos)
  },
}

/**
 * The codecs for the compressed golden files: `@lightstream/codecs` when it can be imported (it is not a
 * dependency of this package yet), else the test decoders above (`real: false`: zstd then handles only raw
 * and RLE blocks).
 */
export async function loadGoldCodecs(): Promise<{ codecs: Codec[]; real: boolean }> {
  const name = '@lightstream/codecs'
  try {
    const mod = (await import(/* @vite-ignore */ name)) as { defaultCodecs(): Codec[] }
    return { codecs: mod.defaultCodecs(), real: true }
  } catch {
    return { codecs: goldCodecs, real: false }
  }
}

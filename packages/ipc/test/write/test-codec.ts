/**
 * A tiny codec for the compression tests: run-length pairs (count 1..255, byte). Not a real zstd or
 * lz4 (other implementations cannot read it); it only has to shrink runs and grow noise so both storage
 * paths of the writer are exercised.
 */
import { InvalidDataError, type Codec } from '@lightstream/core'

export function runLengthCodec(name: 'zstd' | 'lz4_frame' = 'zstd'): Codec & { calls: number } {
  const codec = {
    name,
    calls: 0,
    encode(bytes: Uint8Array): Uint8Array {
      codec.calls++
      const out: number[] = []
      for (let i = 0; i < bytes.length;) {
        let run = 1
        while (run < 255 && i + run < bytes.length && bytes[i + run] === bytes[i]) run++
        out.push(run, bytes[i]!)
        i += run
      }
      return Uint8Array.from(out)
    },
    decode(bytes: Uint8Array, uncompressedLength: number): Uint8Array {
      const out = new Uint8Array(uncompressedLength)
      let at = 0
      for (let i = 0; i + 1 < bytes.length; i += 2) {
        if (at + bytes[i]! > uncompressedLength) throw new InvalidDataError('run past the declared length')
        out.fill(bytes[i + 1]!, at, at + bytes[i]!)
        at += bytes[i]!
      }
      if (at !== uncompressedLength) throw new InvalidDataError('short output')
      return out
    },
  }
  return codec
}

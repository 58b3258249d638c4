// Little-endian buffer writers for hand-built test data (independent of the platform's byte order).

/** A validity bitmap, LSB first, from 1/0 (or true/false) flags. */
export function bitmap(...flags: (0 | 1 | boolean)[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(flags.length / 8))
  flags.forEach((f, i) => {
    if (f) out[i >> 3]! |= 1 << (i & 7)
  })
  return out
}

function write(size: number, values: readonly (number | bigint)[], put: (dv: DataView, at: number, v: never) => void): Uint8Array {
  const out = new Uint8Array(values.length * size)
  const dv = new DataView(out.buffer)
  values.forEach((v, i) => put(dv, i * size, v as never))
  return out
}

export const i8 = (...v: number[]): Uint8Array => write(1, v, (dv, at, x: number) => dv.setInt8(at, x))
export const i16 = (...v: number[]): Uint8Array => write(2, v, (dv, at, x: number) => dv.setInt16(at, x, true))
export const u16 = (...v: number[]): Uint8Array => write(2, v, (dv, at, x: number) => dv.setUint16(at, x, true))
export const i32 = (...v: number[]): Uint8Array => write(4, v, (dv, at, x: number) => dv.setInt32(at, x, true))
export const u32 = (...v: number[]): Uint8Array => write(4, v, (dv, at, x: number) => dv.setUint32(at, x, true))
export const i64 = (...v: (number | bigint)[]): Uint8Array => write(8, v, (dv, at, x: number | bigint) => dv.setBigInt64(at, BigInt(x), true))
export const u64 = (...v: (number | bigint)[]): Uint8Array => write(8, v, (dv, at, x: number | bigint) => dv.setBigUint64(at, BigInt(x), true))
export const f32 = (...v: number[]): Uint8Array => write(4, v, (dv, at, x: number) => dv.setFloat32(at, x, true))
export const f64 = (...v: number[]): Uint8Array => write(8, v, (dv, at, x: number) => dv.setFloat64(at, x, true))

/** Two's complement little-endian integers of `bits` bits (decimals). */
export function intN(bits: number, ...values: bigint[]): Uint8Array {
  const bytes = bits / 8
  const out = new Uint8Array(values.length * bytes)
  values.forEach((v, i) => {
    let x = BigInt.asUintN(bits, v)
    for (let b = 0; b < bytes; b++) {
      out[i * bytes + b] = Number(x & 0xffn)
      x >>= 8n
    }
  })
  return out
}

/** UTF-8 bytes of the strings concatenated, with their 32-bit offsets. */
export function strings(...values: string[]): { data: Uint8Array; offsets: Uint8Array } {
  const enc = new TextEncoder()
  const parts = values.map((s) => enc.encode(s))
  const offsets = [0]
  for (const p of parts) offsets.push(offsets[offsets.length - 1]! + p.length)
  const data = new Uint8Array(offsets[offsets.length - 1]!)
  parts.forEach((p, i) => data.set(p, offsets[i]!))
  return { data, offsets: i32(...offsets) }
}

/** One 16-byte view struct: inline (≤ 12 bytes) or (prefix, buffer index, offset). */
export function view(length: number, inlineOrPrefix: Uint8Array, bufferIndex = 0, offset = 0): Uint8Array {
  const out = new Uint8Array(16)
  const dv = new DataView(out.buffer)
  dv.setInt32(0, length, true)
  out.set(inlineOrPrefix.subarray(0, length <= 12 ? length : 4), 4)
  if (length > 12) {
    dv.setInt32(8, bufferIndex, true)
    dv.setInt32(12, offset, true)
  }
  return out
}

/** Concatenate byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Every value of a Data, by index. */
export function values(data: { length: number; get(i: number, o?: object): unknown }, options?: object): unknown[] {
  return Array.from({ length: data.length }, (_, i) => data.get(i, options))
}

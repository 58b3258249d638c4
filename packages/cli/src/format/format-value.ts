import { TimeUnit, Type, type DataType } from '@lightstream/core'

/** Value options `cat` reads with: 64-bit integers exact (bigint), timestamps raw in their unit. */
export const CAT_VALUE_OPTIONS = { useBigInt: true } as const

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

/** Bytes as lower-case hex. O(n). */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let k = 0; k < bytes.length; k++) out += HEX[bytes[k]!]
  return out
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

const UNIT_DIGITS: Record<number, { perSecond: bigint; digits: number }> = {
  [TimeUnit.SECOND]: { perSecond: 1n, digits: 0 },
  [TimeUnit.MILLISECOND]: { perSecond: 1000n, digits: 3 },
  [TimeUnit.MICROSECOND]: { perSecond: 1_000_000n, digits: 6 },
  [TimeUnit.NANOSECOND]: { perSecond: 1_000_000_000n, digits: 9 },
}

/** An epoch count in `unit` as an exact ISO-8601 UTC instant (e.g. `2024-01-02T03:04:05.123456Z`). */
export function formatTimestamp(value: bigint, unit: TimeUnit): string {
  const { perSecond, digits } = UNIT_DIGITS[unit] ?? UNIT_DIGITS[TimeUnit.MILLISECOND]!
  let seconds = value / perSecond
  let fraction = value % perSecond
  if (fraction < 0n) {
    fraction += perSecond
    seconds -= 1n
  }
  const ms = Number(seconds) * 1000
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return value.toString()
  const base = new Date(ms).toISOString().slice(0, 19)
  return digits === 0 ? `${base}Z` : `${base}.${fraction.toString().padStart(digits, '0')}Z`
}

/**
 * How a column's values are shown, by type, on top of the plain getter values: timestamps and dates as ISO
 * text (exact to the unit), everything else unchanged. Returns undefined when nothing changes.
 */
export function columnPresenter(type: DataType): ((value: unknown) => unknown) | undefined {
  switch (type.typeId) {
    case Type.Timestamp: {
      const unit = type.unit
      return (v) => (typeof v === 'bigint' ? formatTimestamp(v, unit) : typeof v === 'number' ? formatTimestamp(BigInt(Math.trunc(v)), unit) : v)
    }
    case Type.Date: {
      const day = type.unit === 0
      return (v) => {
        if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 8.64e15) return v
        const iso = new Date(v).toISOString()
        return day ? iso.slice(0, 10) : iso
      }
    }
    case Type.Dictionary: {
      const inner = columnPresenter(type.dictionary)
      return inner
    }
    default:
      return undefined
  }
}

/** A value made JSON-safe: bigints as numbers when exact (else strings), bytes as base64, NaN/±∞ as strings. */
export function toJsonValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null
  switch (typeof value) {
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'string':
    case 'boolean':
      return value
    default:
      break
  }
  if (depth > 64) return String(value)
  if (value instanceof Uint8Array) return toBase64(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, depth + 1))
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, (v) => toJsonValue(v, depth + 1))
  if (value instanceof Map) return Array.from(value, ([k, v]) => [toJsonValue(k, depth + 1), toJsonValue(v, depth + 1)])
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as object)) out[k] = toJsonValue(v, depth + 1)
  return out
}

/** A value as one line of text for a table or CSV cell: strings as they are, bytes as hex, the rest as JSON. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return ''
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value)
    default:
      break
  }
  if (value instanceof Uint8Array) return toHex(value)
  return JSON.stringify(toJsonValue(value))
}

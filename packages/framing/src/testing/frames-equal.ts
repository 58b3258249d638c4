/**
 * Structural equality for decoded frames, the conformance kit's default comparison.
 *
 * - primitives compare with `Object.is` (so `NaN` equals `NaN`);
 * - typed arrays, DataViews and ArrayBuffers compare by kind and byte content, not identity, so a frame
 *   that is a view of one chunking's memory equals the same bytes copied elsewhere;
 * - arrays element by element; `Map` and `Set` by entries; `Date` by time;
 * - other objects by prototype and own enumerable keys.
 *
 * Nesting deeper than 64 levels (or a cycle) compares unequal rather than recursing forever.
 *
 * @example
 * ```ts
 * framesEqual({ tag: 1, body: Uint8Array.of(1, 2) }, { tag: 1, body: new Uint8Array([1, 2]) }) // true
 * ```
 */
export function framesEqual(a: unknown, b: unknown): boolean {
  return equal(a, b, 0)
}

const MAX_DEPTH = 64

function equal(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (depth >= MAX_DEPTH) return false
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return false
    if (Object.prototype.toString.call(a) !== Object.prototype.toString.call(b)) return false
    return sameBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
  }
  if (a instanceof ArrayBuffer || b instanceof ArrayBuffer) {
    if (!(a instanceof ArrayBuffer) || !(b instanceof ArrayBuffer)) return false
    return sameBytes(new Uint8Array(a), new Uint8Array(b))
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    if (a.length !== other.length) return false
    for (let i = 0; i < a.length; i++) if (!equal(a[i], other[i], depth + 1)) return false
    return true
  }
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime())
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>
    if (a.size !== other.size) return false
    for (const [key, value] of a) if (!other.has(key) || !equal(value, other.get(key), depth + 1)) return false
    return true
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>
    if (a.size !== other.size) return false
    for (const value of a) if (!other.has(value)) return false
    return true
  }
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false
    if (!equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1)) return false
  }
  return true
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

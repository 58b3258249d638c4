import { InvalidDataError, Type, UnionMode, typeToString } from '@lightstream/core'
import type { Data } from '@lightstream/core'
import { RAW_OPTIONS, indexGetter, rawGetter } from './raw-values'
import { valueEquals, valueToString, type CompareOptions } from './value-equals'

/**
 * Slot-by-slot logical comparison of two Data of the same type. Compares what a reader of the data can
 * observe, never the physical layout: validity of each slot, and for valid slots the value, recursing
 * into children through offsets, run ends, union type codes and dictionary indices. Offsets, view
 * placement, dictionary ids and index values, and values behind null slots are free to differ.
 */

/** Compares slot `i` of the expected Data with slot `j` of the actual one; a description of the first difference, or null. */
export type SlotComparator = (i: number, j: number) => string | null

/**
 * A comparator for two Data whose types are equal (checked by the caller). Built once per column pair,
 * O(1) per flat slot, O(size of the value) for nested slots.
 */
export function slotComparator(expected: Data, actual: Data, path: string, options: CompareOptions): SlotComparator {
  const type = expected.type
  const inner = valueComparator(expected, actual, path, options)
  if (type.typeId === Type.Null) return () => null
  if (type.typeId === Type.Union || type.typeId === Type.RunEndEncoded) return inner
  return (i, j) => {
    const va = expected.isValid(i)
    const vb = actual.isValid(j)
    if (va !== vb) return `${path} (slot ${j}): expected ${va ? 'a value' : 'null'}, actual ${vb ? 'a value' : 'null'}`
    return va ? inner(i, j) : null
  }
}

/** Compares two valid slots. */
function valueComparator(a: Data, b: Data, path: string, options: CompareOptions): SlotComparator {
  const type = a.type
  const pa = a.offset
  const pb = b.offset
  switch (type.typeId) {
    case Type.Null: return () => null
    case Type.Struct: {
      const children = type.children.map((f, k) => pair(a, b, k, `${path}.${f.name === '' ? `[${k}]` : f.name}`, options))
      return (i, j) => firstOf(children, pa + i, pb + j)
    }
    case Type.FixedSizeList: {
      const size = type.listSize
      const child = pair(a, b, 0, `${path}[]`, options)
      return (i, j) => range(child, (pa + i) * size, size, (pb + j) * size, size, path, j)
    }
    case Type.List:
    case Type.LargeList:
    case Type.Map:
    case Type.ListView:
    case Type.LargeListView: {
      const child = pair(a, b, 0, type.typeId === Type.Map ? `${path}{}` : `${path}[]`, options)
      const ra = listRange(a)
      const rb = listRange(b)
      return (i, j) => {
        const [sa, na] = ra(pa + i)
        const [sb, nb] = rb(pb + j)
        return range(child, sa, na, sb, nb, path, j)
      }
    }
    case Type.Union: {
      const children = type.children.map((f, k) => pair(a, b, k, `${path}.${f.name === '' ? `[${k}]` : f.name}`, options))
      const byCode = new Map(type.typeIds.map((code, k) => [code, children[k]!]))
      const dense = type.mode === UnionMode.Dense
      return (i, j) => {
        const ca = a.typeIds?.[pa + i]
        const cb = b.typeIds?.[pb + j]
        if (ca !== cb) return `${path} (slot ${j}): expected union type code ${ca}, actual ${cb}`
        const child = ca === undefined ? undefined : byCode.get(ca)
        if (child === undefined) return `${path} (slot ${j}): undeclared union type code ${ca}`
        return dense ? child(a.valueOffsets?.[pa + i] ?? -1, b.valueOffsets?.[pb + j] ?? -1) : child(pa + i, pb + j)
      }
    }
    case Type.RunEndEncoded: {
      const values = pair(a, b, 1, `${path}.${type.values.name}`, options)
      const ra = runFinder(a)
      const rb = runFinder(b)
      return (i, j) => {
        const ka = ra(pa + i)
        const kb = rb(pb + j)
        if (ka < 0 || kb < 0) return `${path} (slot ${j}): no run covers the slot (expected run ${ka}, actual run ${kb})`
        return values(ka, kb)
      }
    }
    case Type.Dictionary: {
      if (a.dictionary === undefined || b.dictionary === undefined) {
        return () => `${path}: ${a.dictionary === undefined ? 'expected' : 'actual'} data has no dictionary`
      }
      const values = slotComparator(a.dictionary, b.dictionary, `${path} dictionary`, options)
      const ia = indexGetter(a)
      const ib = indexGetter(b)
      return (i, j) => {
        const ka = Number(ia(i))
        const kb = Number(ib(j))
        const bad = outOfRange(ka, a.dictionary!) ? 'expected' : outOfRange(kb, b.dictionary!) ? 'actual' : undefined
        if (bad !== undefined) return `${path} (slot ${j}): ${bad} dictionary index ${bad === 'expected' ? ka : kb} is outside its dictionary`
        return values(ka, kb)
      }
    }
    default: {
      const ga = rawGetter(a)
      const gb = rawGetter(b)
      return (i, j) => {
        const x = ga(i)
        const y = gb(j)
        return valueEquals(x, y, type, options) ? null : `${path} (slot ${j}): expected ${valueToString(x, type)}, actual ${valueToString(y, type)}`
      }
    }
  }
}

/** The comparator of child `k` of both sides. @throws InvalidDataError when either lacks the child. */
function pair(a: Data, b: Data, k: number, path: string, options: CompareOptions): SlotComparator {
  return slotComparator(needChild(a, k), needChild(b, k), path, options)
}

function needChild(d: Data, k: number): Data {
  const child = d.children[k]
  if (child === undefined) throw new InvalidDataError(`${typeToString(d.type)} data has no child ${k}`)
  return child
}

/** Compares child ranges of two list slots: same length, then element by element. */
function range(child: SlotComparator, sa: number, na: number, sb: number, nb: number, path: string, slot: number): string | null {
  if (na !== nb) return `${path} (slot ${slot}): expected a list of ${na} values, actual ${nb}`
  for (let k = 0; k < na; k++) {
    const d = child(sa + k, sb + k)
    if (d !== null) return d
  }
  return null
}

function firstOf(comparators: readonly SlotComparator[], i: number, j: number): string | null {
  for (const c of comparators) {
    const d = c(i, j)
    if (d !== null) return d
  }
  return null
}

/** [start, length] in the child of the list slot at physical position `p`. */
function listRange(d: Data): (p: number) => [number, number] {
  const at = (v: Int32Array | BigInt64Array | undefined, p: number): number => Number(v?.[p] ?? 0)
  const t = d.type.typeId
  if (t === Type.ListView || t === Type.LargeListView) return (p) => [at(d.offsets, p), at(d.sizes, p)]
  return (p) => {
    const s = at(d.offsets, p)
    return [s, at(d.offsets, p + 1) - s]
  }
}

/** Index of the run containing physical position `p` (binary search over the run ends), or -1. */
function runFinder(d: Data): (p: number) => number {
  const ends = needChild(d, 0)
  const get = ends.getter(RAW_OPTIONS)
  return (p) => {
    let lo = 0
    let hi = ends.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (Number(get(mid)) > p) hi = mid
      else lo = mid + 1
    }
    return lo < ends.length ? lo : -1
  }
}

function outOfRange(k: number, dictionary: Data): boolean {
  return !(k >= 0 && k < dictionary.length)
}

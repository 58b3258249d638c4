import { InvalidDataError } from '../errors'
import type { Data } from './data'
import type { FixedSizeListType, StructType, UnionType } from './data-type'
import { intReader } from './getters-numeric'
import { Type, UnionMode } from './type'
import { typeToString } from './type-to-string'
import type { Check } from './validate'
import { checkOffsets, offsetReader } from './validate-flat'

/**
 * Validation of the layouts with children: lists (offsets, views, fixed size), structs, maps, unions,
 * run-end encoding and dictionaries. Children are validated recursively under their own path.
 */
export function validateNested(data: Data, path: string, check: Check): void {
  const t = data.type
  const slots = data.offset + data.length
  const fail = (message: string): never => {
    throw new InvalidDataError(message, path)
  }
  switch (t.typeId) {
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const child = data.children[0]!
      checkOffsets(data, child.length, 'child', path)
      if (t.typeId === Type.Map) validateMapEntries(data, child, path)
      check.data(child, `${path}[]`)
      return
    }
    case Type.ListView:
    case Type.LargeListView: {
      const child = data.children[0]!
      const { offsets, sizes } = data
      if (data.length > 0 && ((offsets?.length ?? 0) < slots || (sizes?.length ?? 0) < slots)) {
        fail(`list view needs ${slots} offsets and sizes, has ${offsets?.length ?? 0} and ${sizes?.length ?? 0}`)
      }
      if (data.length > 0) {
        const off = offsetReader(offsets!)
        const size = offsetReader(sizes!)
        for (let j = data.offset; j < slots; j++) {
          if (!data.isValid(j - data.offset)) continue
          const o = off(j)
          const s = size(j)
          if (o < 0 || s < 0 || o + s > child.length) fail(`list view ${j - data.offset} range [${o}, ${o + s}) is outside the child of length ${child.length}`)
        }
      }
      check.data(child, `${path}[]`)
      return
    }
    case Type.FixedSizeList: {
      const child = data.children[0]!
      const need = slots * (t as FixedSizeListType).listSize
      if (child.length < need) fail(`fixed-size list child has ${child.length} values, needs ${need}`)
      check.data(child, `${path}[]`)
      return
    }
    case Type.Struct:
      ;(t as StructType).children.forEach((f, k) => {
        const child = data.children[k]!
        if (child.length < slots) throw new InvalidDataError(`struct child has ${child.length} slots, needs ${slots}`, `${path}.${f.name}`)
        check.data(child, `${path}.${f.name}`)
      })
      return
    case Type.Union:
      validateUnion(data, t, path, check)
      return
    case Type.RunEndEncoded:
      validateRunEnds(data, path, check)
      return
    case Type.Dictionary: {
      const dictionary = data.dictionary
      if (dictionary === undefined) return fail('dictionary-encoded data has no dictionary')
      if (dictionary.type.typeId !== t.dictionary.typeId) fail(`dictionary type ${typeToString(dictionary.type)} is not ${typeToString(t.dictionary)}`)
      check.data(dictionary, `${path}.dictionary`)
      if (data.length === 0) return
      if ((data.values?.length ?? 0) < slots) fail(`indices buffer has ${data.values?.length ?? 0} entries, needs ${slots}`)
      const index = intReader(data.values!, t.indices, false) as (j: number) => number
      for (let j = data.offset; j < slots; j++) {
        if (!data.isValid(j - data.offset)) continue
        const k = index(j)
        if (!(k >= 0 && k < dictionary.length)) fail(`index ${k} at slot ${j - data.offset} is outside the dictionary of ${dictionary.length}`)
      }
      return
    }
    default:
      fail(`cannot validate type ${typeToString(t)}`)
  }
}

/** Map: the child is a struct of key and value; keys in the referenced range are not null. */
function validateMapEntries(data: Data, entries: Data, path: string): void {
  if (entries.type.typeId !== Type.Struct || entries.children.length !== 2) throw new InvalidDataError('map entries must be a struct of key and value', `${path}[]`)
  const keys = entries.children[0]!
  if (keys.nullCount === 0 || data.length === 0) return
  const off = offsetReader(data.offsets!)
  for (let k = off(data.offset), end = off(data.offset + data.length); k < end && k < keys.length; k++) {
    if (!keys.isValid(entries.offset + k)) throw new InvalidDataError(`map key ${k} is null`, `${path}[].key`)
  }
}

function validateUnion(data: Data, t: UnionType, path: string, check: Check): void {
  const slots = data.offset + data.length
  const childOf = new Int8Array(128).fill(-1)
  t.typeIds.forEach((code, k) => {
    if (!(code >= 0 && code < 128)) throw new InvalidDataError(`union type code ${code} is outside 0..127`, path)
    childOf[code] = k
  })
  const typeIds = data.typeIds
  if (data.length > 0 && (typeIds?.length ?? 0) < slots) throw new InvalidDataError(`type ids buffer has ${typeIds?.length ?? 0} entries, needs ${slots}`, path)
  const dense = t.mode === UnionMode.Dense
  const offsets = data.valueOffsets
  if (dense && data.length > 0 && (offsets?.length ?? 0) < slots) throw new InvalidDataError(`value offsets buffer has ${offsets?.length ?? 0} entries, needs ${slots}`, path)
  if (!dense) {
    t.children.forEach((f, k) => {
      if (data.children[k]!.length < slots) throw new InvalidDataError(`sparse union child has ${data.children[k]!.length} slots, needs ${slots}`, `${path}.${f.name}`)
    })
  }
  for (let j = data.offset; j < slots; j++) {
    const code = typeIds![j]!
    const k = code >= 0 ? childOf[code]! : -1
    if (k < 0) throw new InvalidDataError(`slot ${j - data.offset} has undeclared type code ${code}`, path)
    if (dense) {
      const o = offsets![j]!
      const length = data.children[k]!.length
      if (o < 0 || o >= length) throw new InvalidDataError(`slot ${j - data.offset} offset ${o} is outside child ${t.children[k]!.name} of length ${length}`, path)
    }
  }
  t.children.forEach((f, k) => check.data(data.children[k]!, `${path}.${f.name}`))
}

function validateRunEnds(data: Data, path: string, check: Check): void {
  const [ends, values] = data.children as [Data, Data]
  const et = ends.type
  if (et.typeId !== Type.Int || !et.signed || et.bitWidth === 8) throw new InvalidDataError(`run ends must be Int16, Int32 or Int64, not ${typeToString(et)}`, `${path}.run_ends`)
  check.data(ends, `${path}.run_ends`)
  check.data(values, `${path}.values`)
  if (ends.nullCount > 0) throw new InvalidDataError('run ends contain nulls', `${path}.run_ends`)
  if (values.length < ends.length) throw new InvalidDataError(`${values.length} values for ${ends.length} runs`, `${path}.values`)
  if (data.length === 0) return
  if (ends.length === 0) throw new InvalidDataError(`no runs for ${data.length} slots`, `${path}.run_ends`)
  const end = intReader(ends.values!, et, false) as (j: number) => number
  let previous = 0
  for (let k = 0; k < ends.length; k++) {
    const e = end(ends.offset + k)
    if (e <= previous) throw new InvalidDataError(`run end ${e} at run ${k} is not above ${previous} (must be positive and strictly increasing)`, `${path}.run_ends`)
    previous = e
  }
  if (previous < data.offset + data.length) throw new InvalidDataError(`last run end ${previous} is below offset + length ${data.offset + data.length}`, `${path}.run_ends`)
}

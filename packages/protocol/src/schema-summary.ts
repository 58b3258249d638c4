import { typeToString, type Schema } from '@lightstream/core'

/** One top-level field of a schema as the handshake carries it: enough to name what differs. */
export interface FieldSummary {
  readonly name: string
  /** `typeToString` of the type, e.g. `"Int32"`, `"List<Utf8>"`, `"Dictionary<Int32, Utf8>"`. */
  readonly type: string
  readonly nullable: boolean
}

/** The fields of `schema` as summaries. O(size of the type trees). @internal */
export function summarizeSchema(schema: Schema): FieldSummary[] {
  return schema.fields.map((f) => ({ name: f.name, type: typeToString(f.type), nullable: f.nullable }))
}

/**
 * The first difference between two schema summaries as a phrase (`here` is `a`, `there` is `b`), or
 * undefined when they agree. Names, types (nested ones included, through their string form) and top-level
 * nullability are compared; metadata and dictionary ids are not. O(fields).
 * @internal
 */
export function schemaDifference(a: readonly FieldSummary[], b: readonly FieldSummary[], here: string, there: string): string | undefined {
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a[i]
    const y = b[i]
    if (x === undefined) return `field ${i} "${y!.name}" exists ${there} but not ${here} (${a.length} vs ${b.length} fields)`
    if (y === undefined) return `field ${i} "${x.name}" exists ${here} but not ${there} (${a.length} vs ${b.length} fields)`
    if (x.name !== y.name) return `field ${i} is named "${x.name}" ${here} and "${y.name}" ${there}`
    if (x.type !== y.type) return `field ${i} "${x.name}" is ${x.type} ${here} and ${y.type} ${there}`
    if (x.nullable !== y.nullable) {
      return `field ${i} "${x.name}" is ${x.nullable ? 'nullable' : 'not nullable'} ${here} and ${y.nullable ? 'nullable' : 'not nullable'} ${there}`
    }
  }
  return undefined
}

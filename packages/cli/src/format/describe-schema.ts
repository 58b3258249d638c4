import { Endianness, typeToString, type Field, type Schema } from '@lightstream/core'

function metadataLines(metadata: ReadonlyMap<string, string>, indent: string): string[] {
  return Array.from(metadata, ([k, v]) => `${indent}${k} = ${JSON.stringify(v).slice(1, -1)}`)
}

function fieldLine(f: Field): string {
  return `  ${f.name === '' ? '""' : f.name}: ${typeToString(f.type)}${f.nullable ? '' : ' not null'}`
}

/**
 * A schema as text for people: one line per field (`name: Type`, `not null` when so), field and schema
 * metadata indented below. O(fields + metadata).
 */
export function describeSchema(schema: Schema): string {
  const lines: string[] = []
  for (const f of schema.fields) {
    lines.push(fieldLine(f))
    if (f.metadata.size > 0) lines.push(...metadataLines(f.metadata, '      '))
  }
  if (schema.fields.length === 0) lines.push('  (no fields)')
  if (schema.metadata.size > 0) lines.push('metadata:', ...metadataLines(schema.metadata, '  '))
  if (schema.endianness === Endianness.Big) lines.push('endianness: big (read as little-endian)')
  return `${lines.join('\n')}\n`
}

/** A schema as a JSON-ready object: `{ fields: [{ name, type, nullable, metadata }], metadata }`. */
export function schemaToJson(schema: Schema): { fields: unknown[]; metadata: Record<string, string> } {
  return {
    fields: schema.fields.map((f) => ({
      name: f.name,
      type: typeToString(f.type),
      nullable: f.nullable,
      metadata: Object.fromEntries(f.metadata),
    })),
    metadata: Object.fromEntries(schema.metadata),
  }
}

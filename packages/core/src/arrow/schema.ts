import { InvalidArgumentError } from '../errors'
import { isField, toMetadata, type Field, type MetadataInit } from './field'
import { Endianness } from './type'

/** The fields of a table or record batch, with schema-level metadata. */
export interface Schema {
  readonly fields: readonly Field[]
  readonly metadata: ReadonlyMap<string, string>
  readonly endianness: Endianness
}

/**
 * Make a {@link Schema}. O(fields) to check the array; fields are not copied.
 * @param endianness defaults to little-endian (the only byte order the value getters decode).
 * @throws InvalidArgumentError when `fields` is not an array of Field.
 */
export function schema(fields: readonly Field[], metadata?: MetadataInit, endianness: Endianness = Endianness.Little): Schema {
  if (!Array.isArray(fields)) throw new InvalidArgumentError('schema fields must be an array of Field')
  for (let i = 0; i < fields.length; i++) {
    if (!isField(fields[i])) throw new InvalidArgumentError(`schema field ${i} is not a Field`)
  }
  return { fields, metadata: toMetadata(metadata), endianness }
}

import { InvalidArgumentError } from '../errors'
import type { DataType } from './data-type'

/** Field metadata key naming an extension type. */
export const EXTENSION_NAME_KEY = 'ARROW:extension:name'
/** Field metadata key holding an extension type's serialized parameters. */
export const EXTENSION_METADATA_KEY = 'ARROW:extension:metadata'

/**
 * A named, typed column or child slot. Names may be empty and may repeat (Arrow allows both).
 * `metadata` carries free-form key/value pairs, among them the extension keys
 * {@link EXTENSION_NAME_KEY} and {@link EXTENSION_METADATA_KEY}.
 */
export interface Field {
  readonly name: string
  readonly type: DataType
  readonly nullable: boolean
  readonly metadata: ReadonlyMap<string, string>
}

/** Metadata as accepted by {@link field} and {@link schema}: a Map or a plain record. */
export type MetadataInit = ReadonlyMap<string, string> | Readonly<Record<string, string>>

const EMPTY: ReadonlyMap<string, string> = new Map()

/**
 * Turn a Map or record into a Map (a Map is kept as is, so metadata read from IPC is not copied).
 * @throws InvalidArgumentError when a key or value is not a string.
 */
export function toMetadata(metadata: MetadataInit | undefined | null): ReadonlyMap<string, string> {
  if (metadata == null) return EMPTY
  if (metadata instanceof Map) return metadata
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new InvalidArgumentError(`metadata value for "${key}" must be a string`)
    out.set(key, value)
  }
  return out
}

/**
 * Make a {@link Field}. O(1) for Map metadata; a record is copied into a Map.
 * @param nullable defaults to true.
 * @throws InvalidArgumentError when `name` is not a string or metadata values are not strings.
 */
export function field(name: string, type: DataType, nullable = true, metadata?: MetadataInit): Field {
  if (typeof name !== 'string') throw new InvalidArgumentError('field name must be a string')
  if (type == null || typeof type !== 'object' || typeof type.typeId !== 'number') {
    throw new InvalidArgumentError(`field "${name}" needs a DataType`)
  }
  return { name, type, nullable, metadata: toMetadata(metadata) }
}

/** The extension name of a field (its `ARROW:extension:name` metadata), or undefined. O(1). */
export function extensionName(f: Field): string | undefined {
  return f.metadata.get(EXTENSION_NAME_KEY)
}

/** Accepts a Field or a DataType and returns a Field, naming a bare type `name`. O(1). */
export function asField(child: Field | DataType, name: string, nullable = true): Field {
  return isField(child) ? child : field(name, child, nullable)
}

/** True when `value` looks like a {@link Field} (has a name and a type). */
export function isField(value: unknown): value is Field {
  return typeof value === 'object' && value !== null && 'name' in value && 'type' in value
}

import { InvalidArgumentError } from '../errors'
import type { Data } from './data'
import type { DataType } from './data-type'
import { EXTENSION_METADATA_KEY, EXTENSION_NAME_KEY, type Field } from './field'

/**
 * Extension types: a field whose metadata names `ARROW:extension:name` stores its values in an ordinary
 * storage type. Registering the name lets readers turn storage values into richer ones; an unregistered
 * extension simply reads as its storage type, with its metadata kept on the field.
 */
export interface ExtensionType {
  /** The `ARROW:extension:name` value, e.g. `"arrow.uuid"`. */
  readonly name: string
  /** The storage type this extension expects, when it constrains one (informational). */
  readonly storageType?: DataType
  /**
   * Hook for readers building data for an extension field: receives the storage chunk and the
   * `ARROW:extension:metadata` string and returns the chunk to use (e.g. re-viewed buffers).
   * The IPC reader calls it once per chunk; value access does not.
   */
  deserialize?(storage: Data, metadata: string): Data
  /** Converts one non-null storage value into the extension's value; applied by {@link Column} reads. */
  toValue?(value: unknown, metadata: string): unknown
}

const registry = new Map<string, ExtensionType>()

/**
 * Register (or replace) an extension type by name. O(1).
 * @throws InvalidArgumentError when the name is not a non-empty string.
 */
export function registerExtensionType(extension: ExtensionType): void {
  if (typeof extension?.name !== 'string' || extension.name === '') throw new InvalidArgumentError('an extension type needs a non-empty name')
  registry.set(extension.name, extension)
}

/** Remove a registered extension type; returns whether one was registered. O(1). */
export function unregisterExtensionType(name: string): boolean {
  return registry.delete(name)
}

/** The registered extension type of that name, or undefined. O(1). */
export function getExtensionType(name: string): ExtensionType | undefined {
  return registry.get(name)
}

/**
 * The registered extension of a field together with its metadata string, or undefined when the field
 * is not an extension or the extension is not registered. O(1).
 */
export function fieldExtension(f: Field | undefined): { extension: ExtensionType; metadata: string } | undefined {
  if (f === undefined || f.metadata.size === 0) return undefined
  const name = f.metadata.get(EXTENSION_NAME_KEY)
  if (name === undefined) return undefined
  const extension = registry.get(name)
  return extension === undefined ? undefined : { extension, metadata: f.metadata.get(EXTENSION_METADATA_KEY) ?? '' }
}

import { InvalidArgumentError, MissingDependencyError, type Codec } from '@lightstream/core'

/**
 * The module-level registry of body compression codecs that IPC readers and writers consult when a codec
 * was not passed in their options. `@lightstream/codecs` (or the application) registers `'lz4_frame'` and
 * `'zstd'` here; this package depends on no codec library.
 */
const registry = new Map<string, Codec>()

/** The package that provides the codecs, named in `MissingDependencyError`. */
export const CODECS_PACKAGE = '@lightstream/codecs'

function checkCodec(codec: Codec): void {
  if (
    codec === null || typeof codec !== 'object' || typeof codec.name !== 'string' || codec.name === '' ||
    typeof codec.encode !== 'function' || typeof codec.decode !== 'function'
  ) {
    throw new InvalidArgumentError('a codec needs a non-empty name and encode/decode functions')
  }
}

/**
 * Register `codec` under its `name` (e.g. `'zstd'`, `'lz4_frame'`), replacing any codec of that name.
 * O(1).
 * @throws InvalidArgumentError when `codec` is not a Codec.
 */
export function registerCodec(codec: Codec): void {
  checkCodec(codec)
  registry.set(codec.name, codec)
}

/** Remove the codec registered under `name`; true when there was one. O(1). */
export function unregisterCodec(name: string): boolean {
  return registry.delete(name)
}

/** The codec registered under `name`, or undefined. O(1). */
export function getCodec(name: string): Codec | undefined {
  return registry.get(name)
}

/**
 * The codec for `name`: the first of `codecs` with that name, else the registered one.
 * @throws InvalidArgumentError when `codecs` holds something that is not a Codec.
 * @throws MissingDependencyError (naming `@lightstream/codecs`) when neither has it.
 */
export function resolveCodec(name: string, codecs: readonly Codec[] | undefined, purpose: string): Codec {
  if (codecs !== undefined) {
    for (const codec of codecs) {
      checkCodec(codec)
      if (codec.name === name) return codec
    }
  }
  const registered = registry.get(name)
  if (registered !== undefined) return registered
  throw new MissingDependencyError(CODECS_PACKAGE, `${purpose} (codec "${name}")`)
}

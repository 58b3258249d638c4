import { InvalidArgumentError, IpcFormatError, MetadataVersion, UnsupportedFeatureError } from '@lightstream/core'

/** `MetadataVersion.V4` (Arrow 0.8 to 0.17). */
export const METADATA_V4 = MetadataVersion.V4
/** `MetadataVersion.V5` (Arrow 1.0 and later), what the writers emit by default. */
export const METADATA_V5 = MetadataVersion.V5

/**
 * Accepts the metadata versions this package reads, V4 and V5, and names the problem otherwise.
 * O(1).
 *
 * @throws {UnsupportedFeatureError} a pre-0.8 version (V1 to V3) or a version newer than V5.
 * @throws {IpcFormatError} a negative version, which no writer produces.
 * @internal
 */
export function checkMetadataVersion(version: number, what: string): MetadataVersion {
  if (version === METADATA_V4 || version === METADATA_V5) return version
  if (version < 0) throw new IpcFormatError(`${what} declares an invalid metadata version ${version}`)
  if (version < METADATA_V4) {
    throw new UnsupportedFeatureError(`${what} uses metadata version V${version + 1} (Arrow before 0.8); only V4 and V5 are supported`)
  }
  throw new UnsupportedFeatureError(
    `${what} uses metadata version V${version + 1}, newer than this reader (V5); upgrade @lightstream/ipc to read it`,
  )
}

/**
 * The version a writer emits: V5 unless V4 is asked for.
 *
 * @throws {InvalidArgumentError} any other value.
 * @internal
 */
export function writerMetadataVersion(version: number | undefined): MetadataVersion {
  if (version === undefined) return METADATA_V5
  if (version === METADATA_V4 || version === METADATA_V5) return version
  throw new InvalidArgumentError(`metadata version must be MetadataVersion.V4 (3) or MetadataVersion.V5 (4), got ${String(version)}`)
}

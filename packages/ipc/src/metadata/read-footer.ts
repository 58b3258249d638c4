import { IpcFormatError } from '@lightstream/core'
import { FlatbufferReader, type FbTable } from './flatbuffer-reader'
import { METADATA_V4, checkMetadataVersion } from './check-metadata-version'
import { readCustomMetadata } from './custom-metadata'
import { FooterSlot, StructSize } from './fbs-layout'
import type { Block, Footer } from './message-metadata'
import { checkBytes } from './read-message'
import { readSchemaTable } from './read-schema'

function readBlocks(r: FlatbufferReader, t: FbTable, slot: number, what: string): Block[] {
  const v = r.vector(t, slot, StructSize.Block, what)
  const blocks: Block[] = []
  if (v === null) return blocks
  for (let i = 0, p = v.start; i < v.length; i++, p += StructSize.Block) {
    const offset = r.countAt(p, what, i)
    const metaDataLength = r.int32At(p + 8)
    const bodyLength = r.countAt(p + 16, what, i)
    if (metaDataLength < 0) throw new IpcFormatError(`Invalid IPC file footer: ${what}[${i}] has a negative metaDataLength`)
    blocks.push({ offset, metaDataLength, bodyLength })
  }
  return blocks
}

/**
 * Decodes the footer flatbuffer of an IPC file: the `footerLength` bytes that precede the trailing int32
 * footer length and the `ARROW1` magic. Bounds-checked like {@link readMessage}. The blocks are returned
 * as they are declared; checking them against the file size is the file reader's job. A footer without a
 * version field (some pre-1.0 writers) reads as V4.
 *
 * Costs O(footer size); keeps no reference to `bytes`.
 *
 * @returns version, the schema, the dictionary and record batch blocks, and footer custom metadata.
 * @throws {InvalidArgumentError} `bytes` is not a Uint8Array.
 * @throws {IpcFormatError} bytes that are not a valid Footer flatbuffer, a missing schema, a negative block
 *   offset or length.
 * @throws {UnsupportedFeatureError} a metadata version other than V4/V5, an unknown type id, a 64-bit value
 *   beyond 2^53.
 *
 * @example
 * ```ts
 * const n = new DataView(file.buffer, file.byteOffset).getInt32(file.length - 10, true)
 * const footer = readFooter(file.subarray(file.length - 10 - n, file.length - 10))
 * console.log(footer.recordBatches.length, footer.schema.fields.length)
 * ```
 */
export function readFooter(bytes: Uint8Array): Footer {
  checkBytes(bytes, 'footer')
  const r = new FlatbufferReader(bytes)
  r.where = 'footer'
  const t = r.root('Footer')
  // Some pre-1.0 writers left the footer version out (the 0.14.1 golden files include one such footer);
  // Arrow C++ does not check it either. An absent version reads as V4; every message's own version is checked.
  const version = checkMetadataVersion(r.int16(t, FooterSlot.version, METADATA_V4, 'Footer.version'), 'IPC file footer')
  const schemaTable = r.tableField(t, FooterSlot.schema, 'Footer.schema')
  if (schemaTable === null) throw new IpcFormatError('Invalid IPC file footer: it has no schema')
  const schema = readSchemaTable(r, schemaTable, 'footer.schema')
  r.where = 'footer'
  const dictionaries = readBlocks(r, t, FooterSlot.dictionaries, 'Footer.dictionaries')
  const recordBatches = readBlocks(r, t, FooterSlot.recordBatches, 'Footer.recordBatches')
  const customMetadata = readCustomMetadata(r, t, FooterSlot.customMetadata, 'Footer.custom_metadata')
  return { version, schema, dictionaries, recordBatches, customMetadata }
}

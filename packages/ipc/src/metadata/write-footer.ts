import type { Builder } from 'flatbuffers'
import { InvalidArgumentError } from '@lightstream/core'
import type { MetadataInit, MetadataVersion, Schema } from '@lightstream/core'
import { writerMetadataVersion } from './check-metadata-version'
import { writeCustomMetadata } from './custom-metadata'
import { FooterSlot, StructSize } from './fbs-layout'
import { checkCount } from './finish-message'
import type { Block } from './message-metadata'
import { writeSchemaTable } from './write-schema'
import { messageBuilder } from './message-builder'

/** What {@link writeFooter} takes. */
export interface FooterInit {
  readonly schema: Schema
  readonly dictionaries?: readonly Block[]
  readonly recordBatches?: readonly Block[]
  /** Footer-level custom metadata. */
  readonly customMetadata?: MetadataInit
  /** `MetadataVersion.V5` (default) or `MetadataVersion.V4`. */
  readonly version?: MetadataVersion
}

function writeBlocks(b: Builder, blocks: readonly Block[], what: string): number {
  const checked = blocks.map((x, i): [number, number, number] => {
    const metaDataLength = checkCount(x.metaDataLength, `${what}[${i}].metaDataLength`)
    if (metaDataLength > 0x7fffffff) throw new InvalidArgumentError(`${what}[${i}].metaDataLength does not fit in an int32`)
    return [checkCount(x.offset, `${what}[${i}].offset`), metaDataLength, checkCount(x.bodyLength, `${what}[${i}].bodyLength`)]
  })
  b.startVector(StructSize.Block, checked.length, 8)
  for (let i = checked.length - 1; i >= 0; i--) {
    const [offset, metaDataLength, bodyLength] = checked[i]!
    b.prep(8, StructSize.Block)
    b.writeInt64(BigInt(bodyLength))
    b.pad(4)
    b.writeInt32(metaDataLength)
    b.writeInt64(BigInt(offset))
  }
  return b.endVector()
}

/**
 * Writes the footer flatbuffer of an IPC file (what goes before the int32 footer length and `ARROW1`):
 * the schema, the dictionary and record batch blocks, and optional footer custom metadata; metadata V5
 * unless `init.version` says V4. The exact inverse of {@link readFooter}. O(fields + blocks); one small
 * copy of the finished metadata out of the builder.
 *
 * @throws {InvalidArgumentError} a negative or non-integer block value, a metaDataLength beyond int32, a
 *   version other than V4/V5, or any error of {@link writeSchemaMessage}.
 *
 * @example
 * ```ts
 * const footer = writeFooter({ schema: s, recordBatches: [{ offset: 8, metaDataLength: 136, bodyLength: 64 }] })
 * readFooter(footer).recordBatches[0] // { offset: 8, metaDataLength: 136, bodyLength: 64 }
 * ```
 */
export function writeFooter(init: FooterInit): Uint8Array {
  if (init === null || typeof init !== 'object') throw new InvalidArgumentError('writeFooter needs { schema, dictionaries, recordBatches }')
  const version = writerMetadataVersion(init.version)
  const b = messageBuilder()
  const schemaAt = writeSchemaTable(b, init.schema, 'footer.schema')
  const dictionariesAt = writeBlocks(b, init.dictionaries ?? [], 'dictionaries')
  const recordBatchesAt = writeBlocks(b, init.recordBatches ?? [], 'recordBatches')
  const metadataAt = writeCustomMetadata(b, init.customMetadata, 'footer')
  b.startObject(FooterSlot.count)
  b.addFieldInt16(FooterSlot.version, version, 0)
  b.addFieldOffset(FooterSlot.schema, schemaAt, 0)
  b.addFieldOffset(FooterSlot.dictionaries, dictionariesAt, 0)
  b.addFieldOffset(FooterSlot.recordBatches, recordBatchesAt, 0)
  if (metadataAt !== 0) b.addFieldOffset(FooterSlot.customMetadata, metadataAt, 0)
  b.finish(b.endObject())
  return b.asUint8Array().slice()
}

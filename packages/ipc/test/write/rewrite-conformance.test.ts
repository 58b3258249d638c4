/**
 * Rewrites the Arrow conformance files (apache/arrow-testing) with our writer: every integration case
 * read with our reader, written as a stream and as a file (both alignments), read back and compared row by
 * row — real-world shapes (nested, unions, dictionaries, extension types, decimals, views, big-endian
 * sources) the sample columns may miss.
 */
import { expect, it } from 'vitest'
import { Table, UnsupportedFeatureError, validate } from '@lightstream/core'
import { tableFromIPC, tableToIPC } from '@lightstream/ipc'
import { describeWithArrowTesting, integrationCases, readBytes } from '../fixtures'
import { decodeFile, decodeStream, rowsOf } from './decode-for-test'

const PRODUCERS = ['cpp-21.0.0', '1.0.0-littleendian', '1.0.0-bigendian', '0.14.1', '4.0.0-shareddict']
const rows = (t: Table) => rowsOf(t.batches, { useBigInt: true, useDecimalBigInt: true })

describeWithArrowTesting('rewriting the arrow-testing integration files', (dir) => {
  for (const producer of PRODUCERS) {
    for (const c of integrationCases(dir, producer)) {
      it(`${producer}/${c.name}`, () => {
        const original = tableFromIPC(readBytes(c.stream), { validate: true })
        const expected = rows(original)
        for (const alignment of [8, 64] as const) {
          const stream = tableToIPC(original, { alignment })
          decodeStream(stream, { alignment }) // the oracle checks alignment and padding
          const back = tableFromIPC(stream, { validate: true })
          validate(back)
          expect(rows(back)).toEqual(expected)
          let file: Uint8Array
          try {
            file = tableToIPC(original, { format: 'file', alignment })
          } catch (e) {
            // Only a dictionary replacement may stop the file format.
            expect(e).toBeInstanceOf(UnsupportedFeatureError)
            continue
          }
          decodeFile(file, { alignment })
          expect(rows(tableFromIPC(file, { validate: true }))).toEqual(expected)
        }
      })
    }
  }
})

import { UnsupportedFeatureError } from '@lightstream/core'
import type { Data } from '@lightstream/core'
import { slotComparator } from './compare-data'
import type { TableLike } from './compare-tables'
import { dataToJson } from './data-to-json'
import type { JsonObject, JsonValue } from './parse-json-lossless'
import { schemaToJson } from './schema-to-json'
import { stringifyJson } from './stringify-json'

/** Options of {@link writeIntegrationJson}. */
export interface WriteIntegrationJsonOptions {
  /** Spaces of indentation per level; 0 (default) writes compact JSON. Arrays of scalars stay on one line. */
  readonly indent?: number
}

/**
 * Write a table (or anything with a schema and record batches) as a document of the Arrow integration
 * JSON format, the inverse of {@link readIntegrationJson}: `readIntegrationJson(writeIntegrationJson(t))`
 * compares equal to `t` with `compareTables`. Every dictionary the batches use is listed once under its
 * id (nested dictionaries included). The format holds one dictionary per id: when batches use different
 * dictionaries for an id, each must be a prefix of the last (what delta dictionaries produce), which is
 * then written; a replaced dictionary cannot be represented.
 *
 * Strings are written as text: UTF-8 that is not valid is written with replacement characters.
 * Cost: O(values); the text is built in memory.
 *
 * @throws UnsupportedFeatureError for a replaced dictionary or a type without a JSON form;
 * InvalidDataError for a chunk whose buffers are too short for its length.
 */
export function writeIntegrationJson(table: TableLike, options: WriteIntegrationJsonOptions = {}): string {
  const dictionaries = new Map<number, Data>()
  const sink = (id: number, dictionary: Data): void => {
    const known = dictionaries.get(id)
    if (known === dictionary) return
    if (known !== undefined) {
      const [short, long] = known.length <= dictionary.length ? [known, dictionary] : [dictionary, known]
      const same = slotComparator(short, long, `dictionary ${id}`, { signedZerosEqual: false })
      for (let i = 0; i < short.length; i++) {
        if (same(i, i) !== null) throw new UnsupportedFeatureError(`dictionary ${id} is replaced between batches; the integration JSON holds one dictionary per id`)
      }
      if (long === known) return
    }
    dictionaries.set(id, dictionary)
  }
  const fields = table.schema.fields
  const batches: JsonValue[] = table.batches.map((batch) => ({
    count: batch.numRows,
    columns: batch.columns.map((c, k) => dataToJson(c, fields[k]?.name ?? '', sink)),
  }))
  // Dictionaries may use further dictionaries (or a longer version of one already written): convert until stable.
  const written = new Map<number, { values: Data; json: JsonValue }>()
  for (;;) {
    const pending = [...dictionaries].filter(([id, values]) => written.get(id)?.values !== values)
    if (pending.length === 0) break
    for (const [id, values] of pending) {
      written.set(id, { values, json: { id, data: { count: values.length, columns: [dataToJson(values, `DICT${id}`, sink)] } } })
    }
  }
  const doc: JsonObject = { schema: schemaToJson(table.schema) }
  if (written.size > 0) doc['dictionaries'] = [...written.keys()].sort((a, b) => a - b).map((id) => written.get(id)!.json)
  doc['batches'] = batches
  return stringifyJson(doc, options.indent ?? 0)
}

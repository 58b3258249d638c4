import { InvalidDataError, RecordBatch, Table, Type, typeEquals, typeToString } from '@lightstream/core'
import type { Data, DataType, Field, Schema } from '@lightstream/core'
import { arrayOf, asObject, integerOf, type JsonPath } from './json-access'
import { dataFromJson, type JsonDictionaries } from './data-from-json'
import { parseJsonLossless, type JsonObject, type JsonValue, type ParseJsonOptions } from './parse-json-lossless'
import { schemaFromJson } from './schema-from-json'

/** What {@link readIntegrationJson} returns. */
export interface IntegrationJson {
  readonly schema: Schema
  /** One record batch per entry of `batches`, in order. */
  readonly batches: RecordBatch[]
  /**
   * The dictionaries of the document by id (the JSON holds exactly one per id, no deltas). The batches'
   * dictionary-encoded Data already point at these through `Data.dictionary`.
   */
  readonly dictionaries: Map<number, Data>
}

/** Options of {@link readIntegrationJson}. */
export type ReadIntegrationJsonOptions = ParseJsonOptions

/**
 * Read a document of the Arrow integration JSON format (the human-readable test format every Arrow
 * implementation's integration runner uses: `{schema, dictionaries?, batches}`) into the data model.
 * Numbers are parsed losslessly (64-bit integers given as decimal strings or as bare numbers beyond
 * 2^53 are exact). All types are supported: decimals of 32–256 bits, hex binary, binary/utf8 views,
 * list views, run-end encoding, unions, maps, dictionaries (nested and shared), extension and custom
 * metadata, duplicate and empty field names. The result is not validated: run `validate` on the
 * batches to check it (the reader checks only what it needs to build safely).
 *
 * Cost: O(size of the text); every buffer is freshly allocated (nothing to share with a string).
 *
 * @example
 * ```ts
 * const { schema, batches } = readIntegrationJson(text)
 * const table = new Table(schema, batches)
 * ```
 * @throws InvalidArgumentError for text that is not JSON (or nests deeper than `maxDepth`);
 * InvalidDataError naming the place for a document that breaks the format; UnsupportedFeatureError for an
 * unknown type name.
 */
export function readIntegrationJson(text: string | JsonValue, options: ReadIntegrationJsonOptions = {}): IntegrationJson {
  const doc = asObject(typeof text === 'string' ? parseJsonLossless(text, options) : text, '', 'the document')
  const schema = schemaFromJson(doc['schema'])
  const dictionaries = new DictionaryResolver(schema, doc['dictionaries'])
  const batches = arrayOf(doc, 'batches', '').map((b, i) => batchFromJson(schema, b, `batch ${i}: `, dictionaries))
  return { schema, batches, dictionaries: dictionaries.all() }
}

/**
 * {@link readIntegrationJson} as a Table. Same cost and errors.
 */
export function tableFromIntegrationJson(text: string | JsonValue, options: ReadIntegrationJsonOptions = {}): Table {
  const { schema, batches } = readIntegrationJson(text, options)
  return new Table(schema, batches)
}

function batchFromJson(schema: Schema, value: JsonValue, prefix: string, dictionaries: JsonDictionaries): RecordBatch {
  const batch = asObject(value, prefix, 'a record batch')
  const count = integerOf(batch, 'count', prefix, 0, 2147483647)
  const columns = arrayOf(batch, 'columns', prefix, schema.fields.length).map((c, i) => {
    const f = schema.fields[i]!
    const path = prefix + (f.name === '' ? `[${i}]` : f.name)
    const data = dataFromJson(f.type, c, path, dictionaries)
    if (data.length !== count) throw new InvalidDataError(`column count ${data.length} differs from the batch count ${count}`, path)
    return data
  })
  return new RecordBatch(schema, columns, count)
}

/** Builds each dictionary once, on first use, resolving nested dictionaries recursively. */
class DictionaryResolver implements JsonDictionaries {
  private readonly types = new Map<number, DataType>()
  private readonly entries = new Map<number, JsonObject>()
  private readonly built = new Map<number, Data>()
  private readonly building = new Set<number>()

  constructor(schema: Schema, dictionaries: JsonValue | undefined) {
    for (const f of schema.fields) this.collect(f)
    if (dictionaries === undefined || dictionaries === null) return
    arrayOf({ dictionaries }, 'dictionaries', '').forEach((d, i) => {
      const entry = asObject(d, `dictionaries[${i}]`, 'a dictionary')
      const id = integerOf(entry, 'id', `dictionaries[${i}]`, -(2 ** 53 - 1), 2 ** 53 - 1)
      if (this.entries.has(id)) throw new InvalidDataError(`dictionary id ${id} appears twice`, `dictionaries[${i}]`)
      if (!this.types.has(id)) throw new InvalidDataError(`dictionary id ${id} is not used by any field of the schema`, `dictionaries[${i}]`)
      this.entries.set(id, entry)
    })
  }

  /** Records the value type of every dictionary id, also inside nested and dictionary value types. */
  private collect(f: Field): void {
    const t = f.type
    if (t.typeId === Type.Dictionary) {
      const known = this.types.get(t.id)
      if (known !== undefined && !typeEquals(known, t.dictionary)) {
        throw new InvalidDataError(`dictionary id ${t.id} is used with value types ${typeToString(known)} and ${typeToString(t.dictionary)}`, `schema(${JSON.stringify(f.name)})`)
      }
      if (known === undefined) {
        this.types.set(t.id, t.dictionary)
        this.collectType(t.dictionary, f.name)
      }
      return
    }
    this.collectType(t, f.name)
  }

  private collectType(t: DataType, name: string): void {
    switch (t.typeId) {
      case Type.List:
      case Type.LargeList:
      case Type.ListView:
      case Type.LargeListView:
      case Type.FixedSizeList:
      case Type.Map: return this.collect(t.child)
      case Type.Struct:
      case Type.Union: return t.children.forEach((c) => this.collect(c))
      case Type.RunEndEncoded: return [t.runEnds, t.values].forEach((c) => this.collect(c))
      case Type.Dictionary: return this.collect({ name, type: t, nullable: true, metadata: new Map() })
      default:
    }
  }

  get(id: number, path: JsonPath): Data {
    const done = this.built.get(id)
    if (done !== undefined) return done
    const entry = this.entries.get(id)
    const type = this.types.get(id)
    if (entry === undefined || type === undefined) throw new InvalidDataError(`the document has no dictionary with id ${id}`, path)
    if (this.building.has(id)) throw new InvalidDataError(`dictionary id ${id} contains itself`, path)
    this.building.add(id)
    const where = `dictionary ${id}`
    const data = asObject(entry['data'], where, '"data"')
    const count = integerOf(data, 'count', where, 0, 2147483647)
    const [column] = arrayOf(data, 'columns', where, 1)
    const values = dataFromJson(type, column!, where, this)
    if (values.length !== count) throw new InvalidDataError(`column count ${values.length} differs from the dictionary count ${count}`, where)
    this.building.delete(id)
    this.built.set(id, values)
    return values
  }

  /** Every dictionary of the document, built. */
  all(): Map<number, Data> {
    for (const id of this.entries.keys()) this.get(id, `dictionary ${id}`)
    return new Map([...this.entries.keys()].map((id) => [id, this.built.get(id)!]))
  }
}

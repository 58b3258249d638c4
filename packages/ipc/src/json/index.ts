/**
 * The Arrow integration JSON format (the human-readable test format of the Arrow project's
 * cross-implementation integration tests) and the logical table comparison used to check IPC data
 * against it.
 */
export { readIntegrationJson, tableFromIntegrationJson } from './read-integration-json'
export type { IntegrationJson, ReadIntegrationJsonOptions } from './read-integration-json'
export { parseJsonLossless, DEFAULT_JSON_MAX_DEPTH } from './parse-json-lossless'
export type { JsonValue, JsonObject, ParseJsonOptions } from './parse-json-lossless'
export { MAX_JSON_COLUMN_LENGTH } from './data-from-json'
export { compareTables } from './compare-tables'
export type { TableLike } from './compare-tables'
export { compareSchemas } from './compare-schemas'
export type { CompareOptions } from './value-equals'
export { writeIntegrationJson } from './write-integration-json'
export type { WriteIntegrationJsonOptions } from './write-integration-json'
export { stringifyJson } from './stringify-json'

import type { Command } from '../cli/command-spec'
import { describeSchema, schemaToJson } from '../format/describe-schema'
import { openIpcInput } from '../input/open-ipc-input'
import { TextOutput } from '../output/text-output'

/**
 * `lightstream schema FILE`: print the schema of an IPC file or stream. Reads only the schema (and, for a
 * file, its footer): no record batch is read.
 */
export const schemaCommand: Command = {
  spec: {
    name: 'schema',
    summary: 'Print the schema of an Arrow IPC file or stream: field names, types, nullability and metadata.',
    positionals: [{ name: 'FILE', description: 'a path, - for stdin, or an http(s) URL' }],
    options: [{ name: 'json', type: 'boolean', description: 'print JSON: { format, fields: [{ name, type, nullable, metadata }], metadata }' }],
    details: ['The format (IPC file or stream) is detected from the first bytes. Only the schema is read: for a file, its footer; for a stream, its first message.'],
    examples: ['lightstream schema data.arrow', 'curl -s https://example.com/data.arrows | lightstream schema -', 'lightstream schema data.arrow --json'],
  },
  async run(args, io) {
    const input = await openIpcInput(args.positionals[0]!, io)
    try {
      const out = new TextOutput(io.stdout())
      if (args.options.json === true) {
        const json = { format: input.format, ...(input.numBatches === undefined ? {} : { batches: input.numBatches }), ...schemaToJson(input.schema) }
        out.write(`${JSON.stringify(json, null, 2)}\n`)
      } else {
        const what = input.format === 'file' ? `IPC file, ${input.numBatches} record batch${input.numBatches === 1 ? '' : 'es'}` : 'IPC stream'
        out.write(`${input.label} (${what}), ${input.schema.fields.length} field${input.schema.fields.length === 1 ? '' : 's'}:\n`)
        out.write(describeSchema(input.schema))
      }
      await out.flush()
    } finally {
      await input.close()
    }
  },
}

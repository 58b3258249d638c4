/**
 * The integration CLI in-process over every gold case of every producer, as the Arrow runner drives an
 * implementation: VALIDATE the producer's stream and file against its JSON; JSON_TO_ARROW at alignment 8
 * and 64, STREAM_TO_FILE and FILE_TO_STREAM, each followed by VALIDATE of what was written; ARROW_TO_JSON
 * (this CLI's own extra mode) then VALIDATE against the JSON it wrote; and, when @lightstream/codecs is
 * available, JSON_TO_ARROW with lz4 and zstd body compression.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCodec, registerCodec, unregisterCodec } from '@lightstream/ipc'
import { loadCodecs } from '../../bin/integration-main.mjs'
import { describeWithArrowTesting, integrationCases, readBytes } from '../fixtures'
import { batchCompressions, isFileFormat, misalignedBlock, runCli, tempDir } from './cli-harness'

const PRODUCERS = ['cpp-21.0.0', '1.0.0-littleendian', '1.0.0-bigendian', '0.14.1', '2.0.0-compression', '4.0.0-shareddict']
const codecs = await loadCodecs()
const NO_CODECS = '@lightstream/codecs was not found (build it: `npx -y pnpm@10.34.9 run build`)'
const onCi = process.env.CI === 'true'
if (codecs === undefined) console.warn(`[skipped] arrow-integration compression cases: ${NO_CODECS}`)

describeWithArrowTesting('arrow-integration (in-process) over the gold files', (dir) => {
  const cases = PRODUCERS.flatMap((p) => integrationCases(dir, p))
  let tmp: ReturnType<typeof tempDir>
  beforeAll(() => {
    tmp = tempDir()
  })
  afterAll(() => tmp.remove())

  it('finds every producer', () => {
    expect(new Set(cases.map((c) => c.producer))).toEqual(new Set(PRODUCERS))
  })

  const ok = { code: 0, stderr: '' }
  const validate = async (json: string, arrow: string) => {
    const r = await runCli(['--mode', 'VALIDATE', '--json', json, '--arrow', arrow])
    return { code: r.code, stderr: r.stderr }
  }

  describe.each(cases.map((c) => [`${c.producer}/${c.name}`, c] as const))('%s', (label, c) => {
    const compressed = c.producer === '2.0.0-compression'
    const out = (suffix: string) => join(tmp.dir, `${label.replace('/', '__')}.${suffix}`)
    const needsCodecs = compressed && codecs === undefined

    it.skipIf(needsCodecs && !onCi)('VALIDATE: the producer\'s stream and file match its JSON', async () => {
      const r = await runCli(['--mode', 'VALIDATE', '--json', c.json, '--arrow', c.stream, '--json', c.json, '--arrow', c.arrowFile])
      expect({ code: r.code, stderr: r.stderr }).toEqual(ok)
    })

    it.each([8, 64])('JSON_TO_ARROW at alignment %i, then VALIDATE', async (alignment) => {
      const file = out(`a${alignment}.arrow_file`)
      expect(await runCli(['--mode', 'JSON_TO_ARROW', '--json', c.json, '--arrow', file, '--alignment', String(alignment)])).toMatchObject(ok)
      const bytes = readBytes(file)
      expect(isFileFormat(bytes)).toBe(true)
      expect(misalignedBlock(bytes, alignment)).toBe(null)
      expect(await validate(c.json, file)).toEqual(ok)
    })

    it.skipIf(needsCodecs && !onCi)('STREAM_TO_FILE and FILE_TO_STREAM of the producer\'s files, then VALIDATE', async () => {
      const file = out('from-stream.arrow_file')
      const stream = out('from-file.stream')
      expect(await runCli(['--mode', 'STREAM_TO_FILE', '--stream', c.stream, '--arrow', file])).toMatchObject(ok)
      expect(await runCli(['--mode', 'FILE_TO_STREAM', '--arrow', c.arrowFile, '--stream', stream])).toMatchObject(ok)
      expect(isFileFormat(readBytes(file))).toBe(true)
      expect(isFileFormat(readBytes(stream))).toBe(false)
      expect(await validate(c.json, file)).toEqual(ok)
      expect(await validate(c.json, stream)).toEqual(ok)
    })

    it.skipIf(needsCodecs && !onCi)('ARROW_TO_JSON of the producer\'s file, then VALIDATE the file against that JSON', async () => {
      const json = out('written.json.gz')
      expect(await runCli(['--mode', 'ARROW_TO_JSON', '--arrow', c.arrowFile, '--json', json])).toMatchObject(ok)
      expect(await validate(json, c.arrowFile)).toEqual(ok)
      expect(await validate(json, c.stream)).toEqual(ok)
    })

    it.skipIf(codecs === undefined && !onCi).each(['lz4', 'zstd'])('JSON_TO_ARROW --compression %s, then VALIDATE', async (compression) => {
      if (codecs === undefined) throw new Error(NO_CODECS)
      const file = out(`${compression}.arrow_file`)
      expect(await runCli(['--mode', 'JSON_TO_ARROW', '--json', c.json, '--arrow', file, '--compression', compression])).toMatchObject(ok)
      expect(await validate(c.json, file)).toEqual(ok)
      // Every record batch declares the codec (the writer may still store a buffer raw when that is smaller).
      const declared = batchCompressions(readBytes(file))
      expect(declared).toEqual(declared.map(() => (compression === 'lz4' ? 'lz4_frame' : 'zstd')))
    })
  })

  it('without @lightstream/codecs: --compression and compressed input fail with a message naming the package', async () => {
    const [c] = cases.filter((k) => k.producer === '2.0.0-compression' && k.name === 'generated_lz4')
    const write = await runCli(['--mode', 'JSON_TO_ARROW', '--json', c!.json, '--arrow', join(tmp.dir, 'x.arrow'), '--compression', 'zstd'], undefined, true)
    expect(write.code).toBe(1)
    expect(write.stderr).toContain('--compression zstd needs the optional package "@lightstream/codecs"')
    // Take registered codecs away for the read (this file's loadCodecs registered them).
    const saved = ['lz4_frame', 'zstd'].map((name) => getCodec(name))
    saved.forEach((codec) => codec && unregisterCodec(codec.name))
    const read = await runCli(['--mode', 'VALIDATE', '--json', c!.json, '--arrow', c!.stream], undefined, true).finally(() => {
      saved.forEach((codec) => codec && registerCodec(codec))
    })
    expect(read.code).toBe(1)
    expect(read.stderr).toMatch(/MissingDependencyError \[ERR_MISSING_DEPENDENCY\]: .*"@lightstream\/codecs"/)
  })

  it('VALIDATE reports the first difference and exits 1 for a mismatched pair', async () => {
    const [primitive] = cases.filter((c) => c.producer === 'cpp-21.0.0' && c.name === 'generated_primitive')
    const [binary] = cases.filter((c) => c.producer === 'cpp-21.0.0' && c.name === 'generated_binary')
    const r = await runCli(['--mode', 'VALIDATE', '--json', primitive!.json, '--arrow', binary!.arrowFile])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^VALIDATE failed: .*generated_binary\.arrow_file does not match .*generated_primitive\.json\.gz: schema: expected \d+ fields/)
  })

  it('VALIDATE finds a single changed value in a stream and names batch, row and column', async () => {
    const [c] = cases.filter((k) => k.producer === 'cpp-21.0.0' && k.name === 'generated_primitive')
    const text = readFileSync(c!.json)
    const { gunzipSync } = await import('node:zlib')
    const doc = JSON.parse(gunzipSync(text).toString('utf8')) as { batches: { columns: { name: string; VALIDITY: number[]; DATA: unknown[] }[] }[] }
    // The first valid int32 value of the first non-empty batch, changed by one.
    const batch = doc.batches.findIndex((b) => b.columns[0]!.VALIDITY.length > 0)
    const column = doc.batches[batch]!.columns.find((k) => k.name === 'int32_nullable')!
    const row = column.VALIDITY.indexOf(1)
    column.DATA[row] = (column.DATA[row] as number) === 0 ? 1 : 0
    const edited = join(tmp.dir, 'edited.json')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(edited, JSON.stringify(doc))
    const r = await runCli(['--mode', 'VALIDATE', '--json', edited, '--arrow', c!.stream])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`batch ${batch}, row ${row}, column int32_nullable (slot ${row}): expected ${String(column.DATA[row])}, actual`)
  })
})

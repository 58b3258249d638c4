/**
 * The real executable, as the Arrow integration runner starts it: a child `node` process running
 * `bin/arrow-integration.mjs` from the built package. Every mode once (files, stdin and stdout), a
 * representative subset of the gold cases (every producer, legacy framing, big-endian, compression,
 * shared and nested dictionaries), and the exit codes of failures. The in-process suite covers the rest.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadCodecs } from '../../bin/integration-main.mjs'
import { describeWithArrowTesting, integrationCases, readBytes } from '../fixtures'
import { BIN, batchCompressions, describeIf, isBuilt, isFileFormat, misalignedBlock, tempDir } from './cli-harness'

const codecs = await loadCodecs()

/** Runs the executable; stdout as bytes. */
function bin(args: readonly string[], input?: Uint8Array): { code: number | null; stdout: Uint8Array; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 })
  return { code: r.status, stdout: new Uint8Array(r.stdout), stderr: r.stderr.toString('utf8') }
}

describeIf(isBuilt, 'arrow-integration executable', 'packages/ipc is not built (run `npx -y pnpm@10.34.9 run build`)', () => {
  it('--help prints the usage and exits 0; a bad mode or missing pair exits 2', () => {
    const help = bin(['--help'])
    expect(help.code).toBe(0)
    expect(help.stderr).toMatch(/^Usage: arrow-integration --mode MODE/)
    expect(bin(['--mode', 'NOPE']).code).toBe(2)
    const unpaired = bin(['--mode', 'VALIDATE', '--json', 'a.json'])
    expect(unpaired.code).toBe(2)
    expect(unpaired.stderr).toContain('VALIDATE needs matching --json/--arrow pairs, got 1 --json and 0 --arrow')
  })

  describeWithArrowTesting('over gold files', (dir) => {
    const all = ['cpp-21.0.0', '1.0.0-littleendian', '1.0.0-bigendian', '0.14.1', '2.0.0-compression', '4.0.0-shareddict'].flatMap((p) => integrationCases(dir, p))
    const pick = (producer: string, name: string) => {
      const c = all.find((k) => k.producer === producer && k.name === `generated_${name}`)
      if (c === undefined) throw new Error(`missing gold case ${producer}/${name}`)
      return c
    }
    const subset = [
      pick('cpp-21.0.0', 'primitive'),
      pick('cpp-21.0.0', 'nested_dictionary'),
      pick('cpp-21.0.0', 'binary_view'),
      pick('1.0.0-littleendian', 'union'),
      pick('1.0.0-bigendian', 'datetime'),
      pick('0.14.1', 'dictionary'),
      pick('4.0.0-shareddict', 'shared_dict'),
      ...(codecs === undefined ? [] : [pick('2.0.0-compression', 'lz4'), pick('2.0.0-compression', 'uncompressible_zstd')]),
    ]
    let tmp: ReturnType<typeof tempDir>
    beforeAll(() => {
      tmp = tempDir()
    })
    afterAll(() => tmp.remove())

    it('VALIDATE: streams and files of every producer, several pairs in one run', () => {
      const args = ['--mode', 'VALIDATE', ...subset.flatMap((c) => ['--json', c.json, '--arrow', c.stream, '--json', c.json, '--arrow', c.arrowFile])]
      const r = bin(args)
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    })

    it('JSON_TO_ARROW (alignment 8, and lz4 compression when available) then VALIDATE; ARROW_TO_JSON back', () => {
      const c = pick('cpp-21.0.0', 'nested_dictionary')
      const out = join(tmp.dir, 'nested.arrow_file')
      const extra = codecs === undefined ? [] : ['--compression', 'lz4']
      expect(bin(['--mode=JSON_TO_ARROW', '-j', c.json, '-a', out, '--alignment', '8', ...extra])).toMatchObject({ code: 0, stderr: '' })
      const bytes = readBytes(out)
      expect(misalignedBlock(bytes, 8)).toBe(null)
      if (codecs !== undefined) expect(new Set(batchCompressions(bytes))).toEqual(new Set(['lz4_frame']))
      expect(bin(['--mode', 'VALIDATE', '--json', c.json, '--arrow', out])).toMatchObject({ code: 0, stderr: '' })
      // ARROW_TO_JSON (this CLI's extra mode) writes JSON that the file validates against.
      const json = join(tmp.dir, 'nested.json')
      expect(bin(['--mode', 'ARROW_TO_JSON', '--arrow', out, '--json', json])).toMatchObject({ code: 0, stderr: '' })
      expect(bin(['--mode', 'VALIDATE', '--json', json, '--arrow', out])).toMatchObject({ code: 0, stderr: '' })
    })

    it('STREAM_TO_FILE from stdin and FILE_TO_STREAM to stdout, then VALIDATE', () => {
      const c = pick('0.14.1', 'primitive')
      const file = join(tmp.dir, 'from-stdin.arrow_file')
      expect(bin(['--mode', 'STREAM_TO_FILE', '--arrow', file], readFileSync(c.stream))).toMatchObject({ code: 0, stderr: '' })
      expect(isFileFormat(readBytes(file))).toBe(true)
      const toStdout = bin(['--mode', 'FILE_TO_STREAM', '--arrow', file])
      expect(toStdout.code).toBe(0)
      expect(isFileFormat(toStdout.stdout)).toBe(false)
      const streamPath = join(tmp.dir, 'to-stdout.stream')
      // Also through --stream paths, and checked by VALIDATE.
      expect(bin(['--mode', 'FILE_TO_STREAM', '--arrow', file, '--stream', streamPath])).toMatchObject({ code: 0, stderr: '' })
      expect(readBytes(streamPath)).toEqual(toStdout.stdout)
      expect(bin(['--mode', 'VALIDATE', '--json', c.json, '--arrow', streamPath, '--json', c.json, '--arrow', file])).toMatchObject({ code: 0, stderr: '' })
    })

    it('exits 1 with the first difference on stderr, and 1 for unreadable input', () => {
      const r = bin(['--mode', 'VALIDATE', '--json', pick('cpp-21.0.0', 'primitive').json, '--arrow', pick('0.14.1', 'primitive').arrowFile])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^VALIDATE failed: .* does not match .*: /)
      const missing = bin(['--mode', 'VALIDATE', '--json', join(tmp.dir, 'nope.json'), '--arrow', join(tmp.dir, 'nope.arrow')])
      expect(missing.code).toBe(1)
      expect(missing.stderr).toMatch(/^arrow-integration VALIDATE failed: .*ENOENT/)
      const garbage = join(tmp.dir, 'garbage.arrow')
      const notIpc = bin(['--mode', 'FILE_TO_STREAM', '--arrow', pick('cpp-21.0.0', 'primitive').json, '--stream', garbage])
      expect(notIpc.code).toBe(1)
      expect(notIpc.stderr).toMatch(/^arrow-integration FILE_TO_STREAM failed: \w+Error \[ERR_[A-Z_]+\]: /)
    })
  })
})

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempDir } from './helpers/cli-process'
import { sampleTable, writeSample } from './helpers/sample-data'

// Bad input gets one line on stderr and a documented exit code: 1 bad input, 2 usage; the stack only with --verbose.
const tmp = tempDir()
let sample: ReturnType<typeof writeSample>
beforeAll(() => {
  sample = writeSample(join(tmp.dir, 'sample'), sampleTable(5_000))
})
afterAll(() => tmp.cleanup())

function write(name: string, bytes: Uint8Array): string {
  const path = join(tmp.dir, name)
  writeFileSync(path, bytes)
  return path
}

describe('bad input files', () => {
  it('a truncated IPC file: exit 1, one line naming the file and the missing footer', async () => {
    const path = write('cut.arrow', sample.fileBytes.subarray(0, sample.fileBytes.length - 100))
    for (const command of ['schema', 'cat', 'stats', 'convert']) {
      const run = await runCli(command === 'convert' ? [command, path, join(tmp.dir, 'x.arrows')] : [command, path])
      expect(run.code, command).toBe(1)
      expect(run.stderr).toBe(
        `lightstream: ${path}: truncated Arrow IPC file: it starts with the ARROW1 magic but does not end with it (${sample.fileBytes.length - 100} bytes; the footer is missing)\n`,
      )
      expect(run.stdout.length).toBe(0)
    }
  })

  it('a truncated IPC stream: exit 1 after the complete batches, naming the file', async () => {
    const path = write('cut.arrows', sample.streamBytes.subarray(0, sample.streamBytes.length - 1000))
    const run = await runCli(['stats', path])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(new RegExp(`^lightstream: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: truncated input: input ended inside a frame: \\d+ byte\\(s\\) buffered, the decoder needed \\d+\\n$`))
  })

  it('a truncated stream on stdin is reported as stdin', async () => {
    const run = await runCli(['cat', '-'], { input: sample.streamBytes.subarray(0, 200) })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^lightstream: stdin: truncated input: /)
  })

  it('bytes that are not Arrow IPC, an empty file, a missing file, a directory', async () => {
    const cases: [string, RegExp][] = [
      [write('text.arrow', new TextEncoder().encode('hello, this is not arrow\n')), /: not an Arrow IPC file or stream \(it starts with bytes 68 65 6c 6c 6f 2c 20 74\)\n$/],
      [write('empty.arrow', new Uint8Array(0)), /: empty input: not an Arrow IPC file or stream\n$/],
      [join(tmp.dir, 'missing.arrow'), /: no such file or directory\n$/],
      [tmp.dir, /: is a directory, not a file\n$/],
    ]
    for (const [path, message] of cases) {
      const run = await runCli(['schema', path])
      expect(run.code, path).toBe(1)
      expect(run.stderr.startsWith(`lightstream: ${path}: `), run.stderr).toBe(true)
      expect(run.stderr).toMatch(message)
      expect(run.stderr.split('\n').length).toBe(2) // one line, no stack
    }
  })

  it('--verbose adds the error class, code and stack', async () => {
    const path = write('cut2.arrow', sample.fileBytes.subarray(0, 64))
    const run = await runCli(['schema', path, '--verbose'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^lightstream: .*truncated Arrow IPC file/)
    expect(run.stderr).toMatch(/^error: TruncatedInputError \(ERR_TRUNCATED\)$/m)
    expect(run.stderr).toMatch(/^\s+at openPath /m)
  })

  it('convert leaves no partial output behind when the input is bad', async () => {
    const path = write('cut3.arrows', sample.streamBytes.subarray(0, sample.streamBytes.length - 10))
    const out = join(tmp.dir, 'partial.arrow')
    const run = await runCli(['convert', path, out])
    expect(run.code).toBe(1)
    const { readdirSync } = await import('node:fs')
    expect(readdirSync(tmp.dir).filter((f) => f.includes('partial'))).toEqual([])
  })
})

describe('usage errors (exit 2)', () => {
  it.each([
    [[], 'no command given'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['cat'], 'cat: missing FILE'],
    [['cat', 'a', 'b'], 'cat: unexpected argument "b"'],
    [['cat', 'a', '--bogus'], "Unknown option '--bogus'"],
    [['cat', 'a', '--limit', 'lots'], '--limit must be an integer from 0 to 9007199254740991, got "lots"'],
    [['cat', 'a', '--format', 'xml'], '--format must be one of table, json, csv, got "xml"'],
    [['convert', 'a', 'b', '--alignment', '16'], '--alignment must be 8 or 64, got 16'],
    [['convert', 'a', 'b', '--compression', 'gzip'], '--compression must be one of lz4, zstd, none, got "gzip"'],
    [['recv', 'tcp://127.0.0.1:0', 'out.arrow', '--format', 'parquet'], '--format must be one of stream, file, got "parquet"'],
  ])('%j', async (argv, message) => {
    const run = await runCli(argv)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`lightstream: ${message}\n`)
    expect(run.stderr).toMatch(/Run 'lightstream (\w+ )?--help' for usage\.\n$/)
  })
})

describe('--help', () => {
  const commands = ['schema', 'cat', 'stats', 'convert', 'send', 'recv', 'demo']

  it('lists every command and the exit codes', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    const text = run.stdout.toString('utf8')
    for (const c of commands) expect(text).toMatch(new RegExp(`^  ${c} `, 'm'))
    expect(text).toContain('Exit codes: 0 ok, 1 bad input')
  })

  it.each(commands)('%s --help and `help` print its usage, options and examples', async (command) => {
    const [a, b] = await Promise.all([runCli([command, '--help']), runCli(['help', command])])
    expect(a.code).toBe(0)
    expect(a.stderr).toBe('')
    const text = a.stdout.toString('utf8')
    expect(text).toMatch(new RegExp(`^Usage: lightstream ${command} `))
    expect(text).toContain('Options:')
    expect(text).toContain('--verbose')
    expect(text).toContain('Examples:')
    expect(b.stdout.toString('utf8')).toBe(text)
  })
})

import { describe, expect, it } from 'vitest'
import { parseArgs, USAGE } from '../../bin/integration-main.mjs'
import { runCli } from './cli-harness'

describe('arrow-integration argument parsing', () => {
  it('accepts the runner spellings: --flag value, --flag=value, -j/-a/-s, --integration, lower-case modes', () => {
    expect(parseArgs(['--integration', '--mode=validate', '-j', 'a.json', '--arrow=a.arrow', '--json', 'b.json', '-a', 'b.arrow'])).toMatchObject({
      mode: 'VALIDATE', json: ['a.json', 'b.json'], arrow: ['a.arrow', 'b.arrow'],
    })
    expect(parseArgs(['--mode', 'JSON_TO_ARROW', '--json', 'x', '--arrow', 'y', '--compression', 'LZ4', '--alignment', '8'])).toMatchObject({
      mode: 'JSON_TO_ARROW', compression: 'lz4_frame', alignment: 8,
    })
    expect(parseArgs(['--mode', 'STREAM_TO_FILE', '--arrow', 'out'])).toMatchObject({ s: [], arrow: ['out'] })
    expect(parseArgs(['--mode', 'FILE_TO_STREAM', '-a', 'in', '-s', 'out', '--compression=zstd'])).toMatchObject({ s: ['out'], compression: 'zstd' })
    expect(parseArgs(['-h']).help).toBe(true)
  })

  it.each([
    [[], '--mode is required'],
    [['--mode', 'CONVERT'], 'unknown mode "CONVERT"'],
    [['--mode', 'VALIDATE', '--json', 'a'], 'VALIDATE needs matching --json/--arrow pairs'],
    [['--mode', 'VALIDATE'], 'VALIDATE needs matching --json/--arrow pairs, got 0 --json and 0 --arrow'],
    [['--mode', 'JSON_TO_ARROW', '--json', 'a'], 'JSON_TO_ARROW needs one --arrow, got 0'],
    [['--mode', 'FILE_TO_STREAM', '--arrow', 'a', '--json', 'b'], 'FILE_TO_STREAM needs 0 --json, got 1'],
    [['--mode', 'FILE_TO_STREAM', '--arrow', 'a', '--stream', 'b', '--stream', 'c'], 'at most one --stream'],
    [['--mode', 'JSON_TO_ARROW', '--json', 'a', '--arrow', 'b', '--compression', 'gzip'], '--compression must be lz4 or zstd'],
    [['--mode', 'JSON_TO_ARROW', '--json', 'a', '--arrow', 'b', '--alignment', '16'], '--alignment must be 8 or 64'],
    [['--mode', 'VALIDATE', '--json'], '--json needs a value'],
    [['--mode', 'VALIDATE', '--frobnicate'], 'unknown argument "--frobnicate"'],
  ])('%j is a usage error: %s (exit 2, usage printed)', async (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message)
    const r = await runCli(argv)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr).toContain(USAGE)
  })
})

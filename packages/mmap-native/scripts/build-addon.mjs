#!/usr/bin/env node
// Builds the native addon (build/Release/lightstream_mmap.node) from source with node-gyp.
//
// Runs as the package's `install` script and before `build`. It never fails the install: when the addon
// cannot be built (no compiler, no node-gyp, no Node headers, Windows) it prints ONE line saying so and
// exits 0, and the package falls back to positional file reads at run time.
//
//   node scripts/build-addon.mjs               build (node-gyp rebuild)
//   node scripts/build-addon.mjs --if-missing  build only when the addon is missing or older than its sources
//
// Environment:
//   LIGHTSTREAM_MMAP_SKIP_BUILD=1   do not build (the package then uses file reads)
//   LIGHTSTREAM_MMAP_NODEDIR=dir    Node headers to build against (default: the running Node's own prefix when
//                                   it has include/node/node_api.h; otherwise node-gyp's usual header lookup)
//   LIGHTSTREAM_MMAP_VERBOSE=1      show node-gyp's output
//   npm_config_node_gyp             node-gyp to use (npm and pnpm set it or put node-gyp on PATH for scripts)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const addon = join(packageDir, 'build', 'Release', 'lightstream_mmap.node')
const sources = ['binding.gyp', 'native/lightstream_mmap.c', 'native/uncounted_buffer.cc', 'native/page_buffer.cc', 'native/napi_handle.h'].map((file) => join(packageDir, file))
const verbose = process.env.LIGHTSTREAM_MMAP_VERBOSE === '1'

function giveUp(reason) {
  process.stderr.write(`@lightstream/mmap-native: native addon not built (${reason}); falling back to file reads\n`)
  process.exit(0)
}

function upToDate() {
  if (!existsSync(addon)) return false
  const built = statSync(addon).mtimeMs
  return sources.every((file) => !existsSync(file) || statSync(file).mtimeMs <= built)
}

/** `[command, argsPrefix]` to run node-gyp with, or undefined. */
function findNodeGyp() {
  const fromEnv = process.env.npm_config_node_gyp
  if (fromEnv && existsSync(fromEnv)) {
    return /\.(c|m)?js$/.test(fromEnv) ? [process.execPath, [fromEnv]] : [fromEnv, []]
  }
  const exe = process.platform === 'win32' ? ['node-gyp.cmd', 'node-gyp.exe', 'node-gyp'] : ['node-gyp']
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    for (const name of exe) {
      const candidate = join(dir, name)
      if (existsSync(candidate)) return [candidate, []]
    }
  }
  // npm's bundled copy, next to the running Node (Unix: <prefix>/lib/node_modules; Windows: <dir>/node_modules).
  const nodeDir = dirname(process.execPath)
  for (const npmDir of [join(nodeDir, '..', 'lib', 'node_modules', 'npm'), join(nodeDir, 'node_modules', 'npm')]) {
    const script = join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
    if (existsSync(script)) return [process.execPath, [script]]
  }
  return undefined
}

/** Headers to build against without downloading anything, or undefined to let node-gyp decide. */
function findNodeDir() {
  const fromEnv = process.env.LIGHTSTREAM_MMAP_NODEDIR
  if (fromEnv) return resolve(fromEnv)
  const prefix = resolve(process.execPath, '..', '..')
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined
}

function lastLines(text, n) {
  return text.trim().split('\n').slice(-n).join('\n')
}

function main() {
  if (process.env.LIGHTSTREAM_MMAP_SKIP_BUILD === '1') giveUp('LIGHTSTREAM_MMAP_SKIP_BUILD=1')
  if (process.platform === 'win32') giveUp('memory maps are implemented for Linux and macOS only')
  if (process.argv.includes('--if-missing') && upToDate()) return
  const gyp = findNodeGyp()
  if (gyp === undefined) giveUp('node-gyp not found')
  const [command, prefixArgs] = gyp
  const nodedir = findNodeDir()
  const args = [...prefixArgs, 'rebuild', ...(nodedir === undefined ? [] : [`--nodedir=${nodedir}`])]
  const result = spawnSync(command, args, {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
    timeout: 5 * 60_000,
    env: { ...process.env, npm_config_loglevel: verbose ? process.env.npm_config_loglevel : 'error' },
  })
  if (result.error !== undefined) giveUp(`node-gyp could not run: ${result.error.message}`)
  if (result.status !== 0 || !existsSync(addon)) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
    let where = ''
    try {
      mkdirSync(join(packageDir, 'build'), { recursive: true })
      const log = join(packageDir, 'build', 'build-addon.log')
      writeFileSync(log, `${command} ${args.join(' ')}\n\n${output}`)
      where = `, log: ${log}`
    } catch {
      // no log then; the reason below still says what happened
    }
    const firstError = /error[: ].*/i.exec(output)?.[0] ?? lastLines(output, 1)
    giveUp(`node-gyp exited with ${result.status ?? result.signal}: ${firstError.slice(0, 200)}${where}`)
  }
  if (verbose) process.stderr.write(`@lightstream/mmap-native: built ${addon}\n`)
}

main()

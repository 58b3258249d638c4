/**
 * Running test scenarios in a real browser: headless Chromium (Debian's `chromium`, or `CHROMIUM_PATH`).
 *
 * A scenario is a TypeScript module that imports the packages by name, as a browser app would. It is bundled
 * with esbuild for `platform: 'browser'`, so the packages resolve to their published `dist` through their
 * `import`/`default` export conditions and any Node built-in import fails the bundle. The page is served from
 * a server on 127.0.0.1 (cross-origin isolated, so `SharedArrayBuffer` exists), Chromium loads it with a
 * fresh profile, and the page posts its result back (see `browser-page.ts`). Chromium, its profile and the
 * server are gone when {@link runInChromium} settles, whatever happened.
 *
 * Test suites declare themselves with `describeInChromium` (`describe-if.ts`); the benchmarks run cases here
 * too (`benchmarks/lib/browser-child.ts`), which is why this module does not import vitest.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, extname, join, normalize, sep } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { PARAMS_PATH, RESULT_PATH, type PageOutcome } from './browser-page'

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/** The Chromium binary: `CHROMIUM_PATH` when set, else the first of `chromium`, `chromium-browser`, `google-chrome` on `PATH`. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const file = join(dir, name)
      if (dir !== '' && isExecutable(file)) return file
    }
  }
  return undefined
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** What to do when {@link findChromium} finds nothing. */
export const CHROMIUM_HOW_TO_GET =
  'Chromium not found (CHROMIUM_PATH, or chromium / chromium-browser / google-chrome on PATH). Install it ' +
  'with `apt-get install --no-install-recommends chromium` (Debian; `.ci/run` does this under CI=true) or set ' +
  'CHROMIUM_PATH to a Chromium or Chrome binary.'

/** Extra esbuild settings: plugins (to stand in for a Node-only module) and packages left unbundled. */
export interface BundleOptions {
  plugins?: Plugin[]
  external?: string[]
}

/**
 * A module to bundle: a file, or source text whose imports resolve from `resolveDir`; or `bundled`, the
 * output of an earlier {@link bundleForBrowser} call, served as it is.
 */
export type BrowserEntry = string | { contents: string; resolveDir: string; name: string } | { bundled: string }

/**
 * Bundles `entry` for browsers (one ES module, dynamic imports of literal specifiers inlined). Throws with
 * esbuild's messages when anything it reaches cannot be bundled for a browser, such as a Node built-in.
 */
export async function bundleForBrowser(entry: BrowserEntry, options: BundleOptions = {}): Promise<string> {
  if (typeof entry === 'object' && 'bundled' in entry) return entry.bundled
  const input = typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, sourcefile: entry.name, loader: 'ts' as const } }
  try {
    const result = await build({
      ...input, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', sourcemap: 'inline',
      plugins: options.plugins ?? [], external: options.external ?? [],
    })
    return result.outputFiles[0]!.text
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors
    if (!errors) throw error
    const lines = errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
    throw new Error(`cannot bundle ${typeof entry === 'string' ? entry : 'name' in entry ? entry.name : 'code'} for browsers:\n${lines.join('\n')}`)
  }
}

/** A response the page's server gives for one path. */
export type Route = { type: string; body: string | Uint8Array } | ((req: IncomingMessage, res: ServerResponse) => void)

export interface ChromiumRun {
  chromium: string
  /** The page's module entry (bundled with {@link bundleForBrowser} and served as `/main.js`). */
  entry: BrowserEntry
  /** More modules to bundle and serve, by path (a worker script, say). */
  bundles?: Record<string, BrowserEntry>
  /** What the page's `runPage` scenario receives (JSON). */
  params?: unknown
  /** Extra paths: a fixed body or a handler. */
  routes?: Record<string, Route>
  /** Directories served read-only under a path prefix (`'/data/'` → a folder); no path leaves them. */
  dirs?: Record<string, string>
  /** Called with the server once it listens (for WebSocket upgrades, say). */
  onServer?: (server: Server, origin: string) => void
  /** How long the page may take (default 60 s). */
  timeoutMs?: number
  /** esbuild settings for every bundle of the run. */
  bundleOptions?: BundleOptions
  /** More Chromium command-line flags (`--js-flags=--expose-gc`, say). */
  flags?: string[]
}

const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.json': 'application/json', '.js': 'text/javascript' }
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' }

/**
 * Serves and runs the page in headless Chromium; resolves with what its scenario returned, rejects with the
 * scenario's error (class, code and stack from the browser), or when nothing arrives within the timeout.
 */
export async function runInChromium(run: ChromiumRun): Promise<unknown> {
  const scripts = new Map<string, string>([['/main.js', await bundleForBrowser(run.entry, run.bundleOptions)]])
  for (const [path, entry] of Object.entries(run.bundles ?? {})) scripts.set(path, await bundleForBrowser(entry, run.bundleOptions))
  const html = '<!doctype html><meta charset="utf-8"><title>lightstream browser test</title><script type="module" src="/main.js"></script>'

  let settle!: (outcome: PageOutcome) => void
  const outcome = new Promise<PageOutcome>((resolve) => (settle = resolve))
  const server = createServer((req, res) => serve(req, res))
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const send = (status: number, type: string, body: string | Uint8Array): void => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...ISOLATED })
      res.end(body)
    }
    if (path === RESULT_PATH && req.method === 'POST') {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        send(204, 'text/plain', '')
        try {
          settle(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PageOutcome)
        } catch (error) {
          settle({ ok: false, error: `the page posted a result that is not JSON: ${(error as Error).message}` })
        }
      })
      return
    }
    if (path === '/' || path === '/index.html') return send(200, 'text/html', html)
    if (path === PARAMS_PATH) return send(200, 'application/json', JSON.stringify(run.params ?? null))
    const script = scripts.get(path)
    if (script !== undefined) return send(200, 'text/javascript', script)
    const route = run.routes?.[path]
    if (typeof route === 'function') {
      for (const [k, v] of Object.entries(ISOLATED)) res.setHeader(k, v)
      return route(req, res)
    }
    if (route) return send(200, route.type, route.body)
    for (const [prefix, dir] of Object.entries(run.dirs ?? {})) {
      if (!path.startsWith(prefix)) continue
      const file = normalize(join(dir, path.slice(prefix.length)))
      if (!file.startsWith(normalize(dir) + sep) || !existsSync(file) || !statSync(file).isFile()) break
      return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file))
    }
    send(404, 'text/plain', `not found: ${path}`)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  run.onServer?.(server, origin)
  const profile = mkdtempSync(join(tmpdir(), 'lightstream-chromium-'))
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--no-default-browser-check', `--user-data-dir=${profile}`, ...(run.flags ?? []),
  ]
  const browser = spawn(run.chromium, [...flags, `${origin}/`], { stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  let stderr = ''
  browser.once('error', (error) => (stderr += `\ncannot start ${run.chromium}: ${error.message}`))
  browser.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)))
  const exited = new Promise<void>((resolve) => browser.once('close', () => resolve()))
  const timeoutMs = run.timeoutMs ?? 60_000
  let timer: NodeJS.Timeout | undefined
  try {
    const result = await Promise.race([
      outcome,
      exited.then(() => ({ ok: false as const, error: `Chromium exited before the page reported:\n${stderr}` })),
      new Promise<PageOutcome>((resolve) => (timer = setTimeout(() => resolve({ ok: false, error: `no result from the page within ${timeoutMs} ms; Chromium said:\n${stderr}` }), timeoutMs))),
    ])
    if (!result.ok) throw new Error(`in Chromium: ${result.error}`)
    return result.value
  } finally {
    clearTimeout(timer)
    try {
      process.kill(-browser.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
    await exited
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    rmSync(profile, { recursive: true, force: true })
  }
}

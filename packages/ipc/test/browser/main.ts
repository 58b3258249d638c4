/**
 * The browser page of `browser.test.ts`: the IPC scenario with codecs set up the way the codecs README tells
 * browser apps to (pure-JS LZ4 and zstd decoding; zstd encoding by @bokuweb/zstd-wasm, imported so the
 * bundler sees it, with `zstd.wasm` served at `/zstd.wasm`).
 */
import { loadZstdCodec, lz4FrameCodec } from '@lightstream/codecs'
import { runPage } from '../../../../tooling/browser-page'
import { ipcScenario } from './scenario'

runPage(async (params: { cases: string[] }) => {
  const zstd = await loadZstdCodec({ encoder: 'wasm', importModule: () => import('@bokuweb/zstd-wasm'), wasmPath: '/zstd.wasm' })
  const io = {
    fetchBytes: async (path: string) => new Uint8Array(await (await fetch(`/data/${path}`)).arrayBuffer()),
    fetchBody: async (path: string) => (await fetch(`/data/${path}`)).body!,
    codecs: [lz4FrameCodec(), zstd],
  }
  return { userAgent: navigator.userAgent, crossOriginIsolated, results: await ipcScenario(io, params.cases) }
})

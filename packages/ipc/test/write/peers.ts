/**
 * Loads the peer implementations the cross-implementation tests read our output with: apache-arrow and
 * @uwdata/flechette. They are optional devDependencies of this package: when they are not installed the
 * tests are skipped with a message. For a local check without installing them into the project, point
 * LIGHTSTREAM_PEERS_DIR at a directory whose node_modules holds them.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'

export interface Peer {
  readonly name: string
  /** Decodes an IPC stream or file into something with numRows and getChildAt(i) → { length, get/at }. */
  read(bytes: Uint8Array): { numRows: number; getChildAt(i: number): { length: number; get?(i: number): unknown; at?(i: number): unknown } | null }
}

async function load(name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(/* @vite-ignore */ name)) as Record<string, unknown>
  } catch {
    const dir = process.env.LIGHTSTREAM_PEERS_DIR
    if (dir === undefined) return undefined
    try {
      return createRequire(join(dir, 'package.json'))(name) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
}

type TableFromIPC = (bytes: Uint8Array, options?: unknown) => ReturnType<Peer['read']>

export async function loadPeers(): Promise<{ peers: Peer[]; missing: string[] }> {
  const peers: Peer[] = []
  const missing: string[] = []
  const arrow = await load('apache-arrow')
  if (arrow?.tableFromIPC) peers.push({ name: 'apache-arrow', read: (b) => (arrow.tableFromIPC as TableFromIPC)(b) })
  else missing.push('apache-arrow')
  const flechette = await load('@uwdata/flechette')
  if (flechette?.tableFromIPC) peers.push({ name: 'flechette', read: (b) => (flechette.tableFromIPC as TableFromIPC)(b, { useBigInt: true }) })
  else missing.push('@uwdata/flechette@2.4.0')
  return { peers, missing }
}

/**
 * The three Arrow IPC implementations behind one small interface, each used the way its documentation
 * shows: `tableFromIPC(bytes)`, then `getChildAt(i)` for every column; `tableToIPC(table)` for one
 * contiguous stream; parts where the library has them (ours: `tableToIPCParts`; flechette: a `sink` that
 * keeps the pieces it is given). Each loads its package with `import()` so only the one measured is
 * imported into a child (apart from apache-arrow, which writes every case's input).
 */
import type { ColumnAccess } from './table-digest'

/** A decoded table reached column by column, as a user reaches the data. */
export interface DecodedTable {
  numRows: number
  columns: (ColumnAccess & { toArray(): ArrayLike<unknown> })[]
}

/** One implementation. `T` is its own table class. */
export interface IpcLib<T> {
  /** `tableFromIPC(bytes)`. */
  read(bytes: Uint8Array): T
  /** Every column through `getChildAt(i)`. */
  columns(table: T): DecodedTable
  /** `tableToIPC(table)` in the stream format: one contiguous Uint8Array. */
  write(table: T): Uint8Array
  /** The same stream as a list of parts, without joining them; absent when the library has no such API. */
  writeParts?(table: T): Uint8Array[]
}

/** What the three libraries' column classes have in common (flechette reads values with `at`). */
interface LibColumn {
  length: number
  data: readonly unknown[]
  toArray(): ArrayLike<unknown>
  get?(i: number): unknown
  at?(i: number): unknown
}

/**
 * Adapts a library's column to {@link ColumnAccess}. A class, not an object of arrow functions: the
 * case files run through tsx, whose name-keeping helper would otherwise run on every closure created in a pass.
 */
class Access {
  readonly length: number
  readonly chunks: number
  constructor(private readonly column: LibColumn, private readonly method: 'get' | 'at') {
    this.length = column.length
    this.chunks = column.data.length
  }
  get(i: number): unknown {
    return this.method === 'get' ? this.column.get!(i) : this.column.at!(i)
  }
  toArray(): ArrayLike<unknown> {
    return this.column.toArray()
  }
}

export type LibName = 'lightstream' | 'apache-arrow' | 'flechette'

export async function loadLib(name: LibName): Promise<IpcLib<unknown>> {
  switch (name) {
    case 'lightstream': return (await lightstream()) as IpcLib<unknown>
    case 'apache-arrow': return (await apacheArrow()) as IpcLib<unknown>
    case 'flechette': return (await flechette()) as IpcLib<unknown>
  }
}

async function lightstream() {
  const ipc = await import('@lightstream/ipc')
  type Table = ReturnType<typeof ipc.tableFromIPC>
  const lib: IpcLib<Table> = {
    read: (bytes) => ipc.tableFromIPC(bytes),
    columns(table) {
      const columns: DecodedTable['columns'] = []
      for (let i = 0; i < table.numCols; i++) {
        columns.push(new Access(table.getChildAt(i), 'get'))
      }
      return { numRows: table.numRows, columns }
    },
    write: (table) => ipc.tableToIPC(table),
    writeParts: (table) => ipc.tableToIPCParts(table),
  }
  return lib
}

async function apacheArrow() {
  const arrow = await import('apache-arrow')
  type Table = import('apache-arrow').Table
  const lib: IpcLib<Table> = {
    read: (bytes) => arrow.tableFromIPC(bytes), // sync for bytes in memory
    columns(table) {
      const columns: DecodedTable['columns'] = []
      for (let i = 0; i < table.numCols; i++) {
        columns.push(new Access(table.getChildAt(i)!, 'get'))
      }
      return { numRows: table.numRows, columns }
    },
    write: (table) => arrow.tableToIPC(table, 'stream'),
  }
  return lib
}

/** A flechette sink (the `sink` option of its `tableToIPC`) that keeps every piece instead of joining them. */
class PartsSink {
  parts: Uint8Array[] = []
  write(bytes: Uint8Array): void {
    this.parts.push(bytes)
  }
  pad(byteCount: number): void {
    this.parts.push(new Uint8Array(byteCount))
  }
  finish(): null {
    return null
  }
}

async function flechette() {
  const fl = await import('@uwdata/flechette')
  type Table = ReturnType<typeof fl.tableFromIPC>
  const lib: IpcLib<Table> = {
    read: (bytes) => fl.tableFromIPC(bytes),
    columns(table) {
      const columns: DecodedTable['columns'] = []
      for (let i = 0; i < table.numCols; i++) {
        columns.push(new Access(table.getChildAt(i), 'at'))
      }
      return { numRows: table.numRows, columns }
    },
    write: (table) => fl.tableToIPC(table, { format: 'stream' })!,
    writeParts(table) {
      const sink = new PartsSink()
      fl.tableToIPC(table, { format: 'stream', sink: sink as never })
      return sink.parts
    },
  }
  return lib
}

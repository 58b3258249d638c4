/**
 * @packageDocumentation
 * Memory-mapped Arrow files for Node.js: a small Node-API addon built from source maps a file and hands its
 * pages to JavaScript as external ArrayBuffers (no copy into the JS heap), in windows past the 4 GiB
 * ArrayBuffer limit of Node 20. `openIPCFile` opens an Arrow IPC file over the mapping: the footer is read at
 * open, each record batch is a set of views into the mapping. Without the addon (no compiler at install, a
 * sandboxed runtime) the same API reads the file with positional reads and says so (`mode === 'read'`).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from '@lightstream/core'
 * import { tableToIPC } from '@lightstream/ipc'
 * import { openIPCFile } from '@lightstream/mmap-native'
 * import { writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const path = join(tmpdir(), 'mmap-example.arrow')
 * writeFileSync(path, tableToIPC(tableFromArrays({ x: Float64Array.of(1.5, 2.5) }), { format: 'file' }))
 * const reader = openIPCFile(path)                 // maps the file, reads only the footer
 * const x = reader.batchSync(0).getChildAt(0)!     // a view into the mapping
 * console.log(x.get(1), reader.stats.copies)       // 2.5 0
 * await reader.close()                             // unmaps; x's buffers are detached (empty) from here on
 * ```
 */
export { mapFile } from './map-file'
export type { MapFallback, MapFileOptions } from './map-file'
export type { MapAdvice, MapMode, MappedFile, MappedWindow, MapStats } from './mapped-file'
export { openIPCFile } from './open-ipc-file'
export type { OpenIpcFileOptions } from './open-ipc-file'
export { addonStatus } from './load-addon'
export { DEFAULT_HUGE_PAGE_MIN_BYTES, hugePageAllocator } from './huge-page-allocator'
export type { HugePageAllocator, HugePageAllocatorOptions, HugePageStatus } from './huge-page-allocator'
export type { AddonStatus } from './load-addon'
export { DEFAULT_WINDOW_SIZE, MAX_WINDOW_SIZE } from './window-layout'
export {
  MmapChangedError, MmapClosedError, MmapError, MmapErrorCode, MmapNotAFileError, MmapNotFoundError, MmapOpenError,
  MmapReadOnlyError, MmapUnavailableError,
} from './mmap-errors'
export type { FileKind, MmapErrorCodeValue } from './mmap-errors'

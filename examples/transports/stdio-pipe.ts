// Pipes an IPC stream file through a child process's stdin and stdout: the child (stdio-filter.ts) keeps
// the rows whose `active` flag is set and writes them back as an IPC stream.
import { spawn } from 'node:child_process'
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tableToIPC, openIpcStream } from '@lightstream/ipc'
import { sourceFromReadable } from '@lightstream/async/node'
import { exampleTable } from './shared-table'

const dir = mkdtempSync(join(tmpdir(), 'lightstream-stdio-'))
const file = join(dir, 'prices.arrows')
writeFileSync(file, tableToIPC(exampleTable()))
const child = spawn(process.execPath, ['--import', 'tsx', new URL('./stdio-filter.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] })
createReadStream(file).pipe(child.stdin)
const filtered = await (await openIpcStream(sourceFromReadable(child.stdout))).readAll()
const code = await new Promise((resolve) => child.once('exit', resolve))
rmSync(dir, { recursive: true, force: true })
const active = filtered.getChild('active')!.toArray() as ArrayLike<boolean>
console.log(`filtered through stdin/stdout: ${filtered.numRows} rows, all active: ${Array.from(active).every(Boolean)}, child exit ${code}`)

import type { CliIo } from '../cli/cli-io'
import { formatBytes, formatCount, formatDuration, formatRate } from '../format/human-units'

/** Least time between two redraws. */
const REDRAW_MS = 100
const BAR_WIDTH = 20

/**
 * A one-line progress display on stderr — rows, bytes, rate, and a bar when the total is known — redrawn
 * in place at most 10 times a second. Drawn only when stderr is a terminal and `--quiet` is not given;
 * otherwise every call is a no-op, so pipes and logs stay clean.
 */
export class ProgressLine {
  readonly #io: CliIo
  readonly #label: string
  readonly #total: number | undefined
  readonly #enabled: boolean
  readonly #start = performance.now()
  #last = 0
  #rows = 0
  #bytes = 0
  #drawn = false

  constructor(io: CliIo, options: { label: string; totalBytes?: number | undefined; quiet?: boolean }) {
    this.#io = io
    this.#label = options.label
    this.#total = options.totalBytes
    this.#enabled = io.stderrIsTTY && options.quiet !== true
  }

  /** Whether anything is drawn. */
  get enabled(): boolean {
    return this.#enabled
  }

  /** Record progress: totals so far. Cheap; redraws only when 100 ms have passed. */
  update(rows: number, bytes: number): void {
    this.#rows = rows
    this.#bytes = bytes
    if (!this.#enabled) return
    const now = performance.now()
    if (now - this.#last < REDRAW_MS) return
    this.#last = now
    this.#draw(now, false)
  }

  /** The work is over: draw the final totals and end the line (or clear it when `failed`). */
  finish(failed = false): void {
    if (!this.#enabled) return
    if (failed) {
      if (this.#drawn) this.#io.stderr('\r\x1b[K')
      return
    }
    this.#draw(performance.now(), true)
    this.#io.stderr('\n')
  }

  #draw(now: number, final: boolean): void {
    const ms = now - this.#start
    let text = `${this.#label}  ${formatCount(this.#rows)} rows  ${formatBytes(this.#bytes)}  ${formatRate(this.#bytes, ms)}`
    if (this.#total !== undefined && this.#total > 0 && !final) {
      const fraction = Math.min(1, this.#bytes / this.#total)
      const filled = Math.round(fraction * BAR_WIDTH)
      text += `  [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}%`
    }
    if (final) text += `  in ${formatDuration(ms)}`
    this.#io.stderr(`\r${text}\x1b[K`)
    this.#drawn = true
  }
}

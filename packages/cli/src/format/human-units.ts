/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** Bytes in decimal units, e.g. `83.9 MB`, `512 B`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = n / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

/** A duration in milliseconds as `12 ms` or `1.23 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`
  return `${(ms / 1000).toFixed(2)} s`
}

/** A throughput, e.g. `812 MB/s`, from bytes and milliseconds (`–` for an instant). */
export function formatRate(bytes: number, ms: number): string {
  if (ms <= 0) return '– MB/s'
  return `${formatBytes(Math.round((bytes * 1000) / ms))}/s`
}

/**
 * The shape of a benchmark case, shared by case files (which declare cases) and the child runner
 * (which measures one implementation of one case per process).
 */

/** What a case's throughput is counted in: payload bytes (printed as MB/s) or items (printed as ops/s). */
export type WorkUnit = 'bytes' | 'ops'

/** Whether an implementation is ours (Lightstream) or a peer we compare against. */
export type Role = 'ours' | 'peer'

/**
 * What one pass over the workload saw. Every implementation of a case must return the same check on every
 * pass, equal to the case's expected check, so a benchmark that silently decodes nothing (or the wrong
 * bytes) fails instead of looking fast.
 */
export interface Check {
  /** Items produced or consumed: frames decoded, frames encoded, ranges taken. */
  items: number
  /** Payload bytes those items hold (headers excluded, so every implementation counts the same bytes). */
  bytes: number
  /** A cheap content digest (see `digestBytes`), so equal counts of wrong bytes still fail. */
  digest: number
}

/** One pass over the workload. Sync when the code under test is sync; a promise only when it is async. */
export type Pass = () => Check | Promise<Check>

/** One implementation of a case, e.g. Lightstream's or it-length-prefixed's. */
export interface Implementation<I> {
  role: Role
  /**
   * Build whatever the pass needs from the shared input (outside the timing) and return the pass.
   * Import the package under test here (dynamic `import()`), so listing cases needs no built packages.
   */
  setup(input: I): Pass | Promise<Pass>
}

/** A named benchmark: one workload, two or more implementations measured on it in separate processes. */
export interface BenchCase<I = unknown> {
  /** Slash-separated name in the arrow-rs style: `tlv/decode/64B`, `stream-buffer/take-across-edges`. */
  name: string
  /** One line saying what a pass does. */
  description: string
  /** How throughput is counted: `expect.bytes` per pass (bytes) or `expect.items` per pass (ops). */
  unit: WorkUnit
  /** The implementation the ratio is taken against; must be a key of `implementations` with role 'peer'. */
  peer: string
  /** Build the input and what every pass must return. Deterministic (seeded), outside the timing. */
  prepare(options: { quick: boolean }): { input: I; expect: Check } | Promise<{ input: I; expect: Check }>
  /** Implementations by display name; exactly one has role 'ours'. */
  implementations: Record<string, Implementation<I>>
  /** Needs Node even though its case file runs in browsers (a native addon, say); `--browser` skips it. */
  nodeOnly?: boolean
}

/** What `--list` prints for each case: everything the parent needs without running anything. */
export interface CaseListing {
  name: string
  description: string
  unit: WorkUnit
  peer: string
  implementations: { name: string; role: Role }[]
  /** Present (true) only for cases that need Node. */
  nodeOnly?: true
}

/**
 * Declare a case; checks the declaration so a typo fails at listing time, not after a long run.
 * @throws Error when the peer is missing, not a peer, or the case has no single 'ours' implementation.
 */
export function defineCase<I>(benchCase: BenchCase<I>): BenchCase<I> {
  const impls = Object.entries(benchCase.implementations)
  const ours = impls.filter(([, impl]) => impl.role === 'ours')
  if (ours.length !== 1) throw new Error(`case ${benchCase.name} needs exactly one 'ours' implementation, has ${ours.length}`)
  const peer = benchCase.implementations[benchCase.peer]
  if (peer === undefined || peer.role !== 'peer') {
    throw new Error(`case ${benchCase.name} names peer '${benchCase.peer}', which is not one of its peer implementations`)
  }
  if (!/^[a-z0-9-]+(\/[A-Za-z0-9.-]+)+$/.test(benchCase.name)) {
    throw new Error(`case name '${benchCase.name}' should look like 'group/what/size'`)
  }
  return benchCase
}

/** The listing of a case (names and roles, ours first). */
export function listCase(benchCase: BenchCase<never> | BenchCase<any>): CaseListing {
  const implementations = Object.entries(benchCase.implementations)
    .map(([name, impl]) => ({ name, role: impl.role }))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === 'ours' ? -1 : 1))
  const listing: CaseListing = { name: benchCase.name, description: benchCase.description, unit: benchCase.unit, peer: benchCase.peer, implementations }
  if (benchCase.nodeOnly === true) listing.nodeOnly = true
  return listing
}

/** True when two checks agree on every field. */
export function checksEqual(a: Check, b: Check): boolean {
  return a.items === b.items && a.bytes === b.bytes && a.digest === b.digest
}

/** `items=… bytes=… digest=…`, for error messages. */
export function describeCheck(check: Check): string {
  return `items=${check.items} bytes=${check.bytes} digest=${check.digest}`
}

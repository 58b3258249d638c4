import { UnsupportedFeatureError, type Data, type DictionaryType } from '@lightstream/core'
import { emptyData, type BatchDictionary } from './collect-dictionaries'
import { dictionaryValuesEqual } from './dictionary-values-equal'

/** A DictionaryBatch to send before a record batch. @internal */
export interface DictionaryMessage {
  readonly id: number
  /** The schema's Dictionary type of this id. */
  readonly type: DictionaryType
  /** The values to write: the whole dictionary, or only its new tail for a delta. */
  readonly values: Data
  readonly isDelta: boolean
}

/** What to send for one batch, and the state to keep once it was encoded. @internal */
export interface DictionaryPlan {
  readonly messages: readonly DictionaryMessage[]
  /** The dictionary each changed id holds after the batch; undefined when none changed. */
  readonly updates: ReadonlyMap<number, Data> | undefined
}

const NO_MESSAGES: readonly DictionaryMessage[] = Object.freeze([])
const UNCHANGED: DictionaryPlan = Object.freeze({ messages: NO_MESSAGES, updates: undefined })

/**
 * Remembers the dictionary each id holds on the reader's side and decides, batch by batch, what to send:
 *
 * - nothing, when the batch's dictionary is the same Data as last time or has equal values;
 * - a delta (`isDelta: true`, only the values past the old length) when the old dictionary is a prefix of
 *   the new one and deltas are enabled;
 * - a replacement (`isDelta: false`, everything) otherwise, and always when a dictionary its values refer
 *   to was replaced in the same batch (the old indices would point into the wrong values).
 *
 * The file format allows one non-delta dictionary per id (deltas are applied in file order): a replacement
 * there throws. The tracker holds a reference to the last dictionary of each id (no copy; dictionaries are
 * immutable by contract) and nothing of the record batches.
 * @internal
 */
export class DictionaryTracker {
  readonly #sent = new Map<number, Data>()

  constructor(
    private readonly fileFormat: boolean,
    private readonly deltas: boolean,
  ) {}

  /**
   * The DictionaryBatch messages to send for a batch's dictionaries (in the order given: inner first).
   * Changes nothing until {@link DictionaryTracker.commit} (so a batch that fails to encode leaves the
   * state as it was). O(dictionaries) for unchanged ones (identity), O(old dictionary size) when values
   * must be compared.
   * @throws UnsupportedFeatureError a replacement in the file format.
   */
  plan(dictionaries: readonly BatchDictionary[]): DictionaryPlan {
    // The common batch reuses every dictionary object of the one before: then nothing is allocated.
    let out: DictionaryMessage[] | undefined
    let updates: Map<number, Data> | undefined
    let replaced: Set<number> | undefined
    for (const d of dictionaries) {
      const previous = this.#sent.get(d.id)
      const values = d.values ?? (previous === undefined ? emptyData(d.type.dictionary) : undefined)
      if (values === undefined || values === previous) continue // empty arrays only, or the same Data
      const done = replaced
      const innerReplaced = done !== undefined && d.inner.some((id) => done.has(id))
      if (previous !== undefined && !innerReplaced && values.length >= previous.length && dictionaryValuesEqual(previous, values, previous.length)) {
        if (values.length > previous.length && this.deltas) {
          ;(out ??= []).push({ id: d.id, type: d.type, values: values.slice(previous.length), isDelta: true })
          ;(updates ??= new Map()).set(d.id, values)
          continue
        }
        if (values.length === previous.length) {
          ;(updates ??= new Map()).set(d.id, values) // equal: keep the newer Data so the next batch hits the identity check
          continue
        }
      }
      if (previous !== undefined && this.fileFormat) {
        throw new UnsupportedFeatureError(
          `dictionary id ${d.id} (${d.path}) changes in a way only a replacement can express, and the IPC file format ` +
            'allows one dictionary per id (plus deltas that append to it); write the stream format, or unify the dictionaries',
        )
      }
      ;(out ??= []).push({ id: d.id, type: d.type, values, isDelta: false })
      ;(updates ??= new Map()).set(d.id, values)
      ;(replaced ??= new Set()).add(d.id)
    }
    return out === undefined && updates === undefined ? UNCHANGED : { messages: out ?? NO_MESSAGES, updates }
  }

  /** Records what a plan sent, once its messages were encoded. O(updates). */
  commit(plan: DictionaryPlan): void {
    if (plan.updates !== undefined) for (const [id, values] of plan.updates) this.#sent.set(id, values)
  }
}

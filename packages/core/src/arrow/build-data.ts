import { buildBinary, buildView } from './build-binary'
import { buildDictionary, buildRunEndEncoded, buildUnion } from './build-encoded'
import { buildFixedSizeList, buildList, buildMap, buildStruct } from './build-nested'
import { buildBool, buildDecimal, buildFixedSizeBinary, buildFloat, buildInt } from './build-primitive'
import { buildDate, buildDuration, buildInterval, buildTime, buildTimestamp } from './build-temporal'
import type { BuildContext } from './builder-context'
import { Data } from './data'
import type { DataType } from './data-type'
import { Type } from './type'
import { typeToString } from './type-to-string'

/**
 * Build one {@link Data} chunk of `type` from JavaScript values (null and undefined are nulls).
 * O(values), one pass per buffer; nested types recurse on their flattened children.
 * @throws InvalidArgumentError naming the column path when a value does not fit the type.
 * @throws AllocationError when a buffer cannot be allocated.
 */
export function buildData(type: DataType, values: ArrayLike<unknown>, ctx: BuildContext): Data {
  switch (type.typeId) {
    case Type.Null: {
      for (let i = 0; i < values.length; i++) if (values[i] != null) throw ctx.invalid(i, 'Null', values[i])
      return new Data({ type, length: values.length })
    }
    case Type.Bool: return buildBool(type, values, ctx)
    case Type.Int: return buildInt(type, values, ctx)
    case Type.Float: return buildFloat(type, values, ctx)
    case Type.Decimal: return buildDecimal(type, values, ctx)
    case Type.FixedSizeBinary: return buildFixedSizeBinary(type, values, ctx)
    case Type.Date: return buildDate(type, values, ctx)
    case Type.Time: return buildTime(type, values, ctx)
    case Type.Timestamp: return buildTimestamp(type, values, ctx)
    case Type.Duration: return buildDuration(type, values, ctx)
    case Type.Interval: return buildInterval(type, values, ctx)
    case Type.Binary:
    case Type.Utf8:
    case Type.LargeBinary:
    case Type.LargeUtf8: return buildBinary(type, values, ctx)
    case Type.BinaryView:
    case Type.Utf8View: return buildView(type, values, ctx)
    case Type.List:
    case Type.LargeList:
    case Type.ListView:
    case Type.LargeListView: return buildList(type, values, ctx)
    case Type.FixedSizeList: return buildFixedSizeList(type, values, ctx)
    case Type.Struct: return buildStruct(type, values, ctx)
    case Type.Map: return buildMap(type, values, ctx)
    case Type.Union: return buildUnion(type, values, ctx)
    case Type.RunEndEncoded: return buildRunEndEncoded(type, values, ctx)
    case Type.Dictionary: return buildDictionary(type, values, ctx)
    default: throw ctx.error(`cannot build values of type ${typeToString(type)}`)
  }
}

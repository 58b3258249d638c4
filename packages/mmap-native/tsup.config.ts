import { packageConfig } from '../../tooling/tsup.base'

// `shims`: the CJS build gets an `import.meta.url` shim, which the addon loader resolves build/Release from.
export default packageConfig({ index: 'src/index.ts' }, { platform: 'node', shims: true })

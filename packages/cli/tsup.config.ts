import { packageConfig } from '../../tooling/tsup.base'

// `index`: the programmatic API (`run`, `memoryIo`, ...); `main`: what bin/lightstream.mjs runs.
export default packageConfig({ index: 'src/index.ts', main: 'src/main.ts' }, { platform: 'node' })

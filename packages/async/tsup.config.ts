import { packageConfig } from '../../tooling/tsup.base'

export default packageConfig({ index: 'src/index.ts', node: 'src/node/index.ts' }, { platform: 'node' })

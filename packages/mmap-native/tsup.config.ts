import { packageConfig } from '../../tooling/tsup.base'

export default packageConfig({ index: 'src/index.ts' }, { platform: 'node' })

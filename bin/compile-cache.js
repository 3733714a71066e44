// Preloaded by the npm scripts (`--import`): Node's compile cache keeps the TypeScript sources it
// has already stripped and compiled, so a warm start skips that work (about 0.2 s and 17 MB).
import { enableCompileCache } from 'node:module';

enableCompileCache();

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Everything tests and the benchmark write (assemblies, logs, screenshots) lives here, git-ignored. */
export const testOutput = path.join(repoRoot, 'test-output');

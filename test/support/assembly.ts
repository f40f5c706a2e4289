import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    assemblyDir: string;
  }
}

/** The cloud assembly this test run synthesized (one per run, so parallel runs never share one). */
export function testAssemblyDir(): string {
  return inject('assemblyDir');
}

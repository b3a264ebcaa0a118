// Bundles a runtime entry with the suite and the built @tok packages, for the runtimes that take
// one file (workerd) or load it from a page (Chromium).
import { build, type Platform } from 'esbuild';

export interface BundleOptions {
  readonly entry: string;
  readonly platform: Platform;
  /** Export conditions, in the order the runtime's own tooling uses them. */
  readonly conditions: readonly string[];
}

/** The bundle as ESM text. */
export async function bundle({ entry, platform, conditions }: BundleOptions): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    conditions: [...conditions],
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
  });
  const [file] = result.outputFiles;
  if (file === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

// The library entry (`main`) and the `tok` executable (`bin`): the bin keeps its #! line, and tsup
// marks a file that starts with one executable.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  target: 'es2022',
  dts: { entry: { index: 'src/index.ts' } },
  // As the shared config: maps point at the shipped src/ instead of a second copy in sourcesContent.
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  clean: true,
});

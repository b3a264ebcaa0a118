// The library entry (`main`) and the `tok` executable (`bin`): the bin keeps its #! line, and tsup
// marks a file that starts with one executable.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  target: 'es2022',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
});

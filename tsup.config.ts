// One build for every published package: ESM with .d.ts, run from the package folder (pnpm build).
// The entries come from the package's `exports`: "./dist/<name>.js" is built from src/<name>.ts, or
// from src/<name>/index.ts (`@tok/core/adapter` is the adapter/ folder's entry), so that the exports
// map and the build can never name different files.
import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

type Conditions = { readonly default?: string };
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | Conditions> };

function entries(): Record<string, string> {
  const built = Object.values(manifest.exports)
    .map((target) => (typeof target === 'string' ? target : target.default))
    .map((target) => /^\.\/dist\/(.+)\.js$/.exec(target ?? '')?.[1])
    .filter((name): name is string => name !== undefined);
  return Object.fromEntries(
    built.map((name) => {
      const source = [`src/${name}.ts`, `src/${name}/index.ts`].find((file) => existsSync(file));
      if (source === undefined) throw new Error(`exports names ./dist/${name}.js, but neither src/${name}.ts nor src/${name}/index.ts exists`);
      return [name, source];
    }),
  );
}

export default defineConfig({
  entry: entries(),
  format: ['esm'],
  target: 'es2022',
  dts: true,
  // Maps point at the package's own src/, which the tarball ships (`files`), instead of carrying a
  // second copy of every source in `sourcesContent`: each source is published once.
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  clean: true,
});

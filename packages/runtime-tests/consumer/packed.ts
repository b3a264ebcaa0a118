// What a registry would publish for one package, checked on the unpacked tarball (`package/`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Notes for maintainers that must never reach a user's editor through the shipped declarations. */
const INTERNAL_NOTE = /\bseed[\s-]*\d+|\b(?:last|this|previous|next) (?:session|stop)\b|\bTODO\b|\bFIXME\b|\bXXX\b|\bHACK\b/i;

export interface PackedCheck {
  /** One line per problem, naming the package and the file; empty when the tarball is right. */
  readonly problems: string[];
  readonly unpackedBytes: number;
  readonly javascriptBytes: number;
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesIn(join(dir, entry.name)) : [join(dir, entry.name)]));
}

type Manifest = Record<string, unknown> & { name: string };

/**
 * Checks the unpacked package in `dir` (the tarball's `package/` folder). `privateNames` are the
 * workspace's private packages, which no published manifest may name.
 */
export function checkPackedPackage(dir: string, { privateNames }: { privateNames: readonly string[] }): PackedCheck {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const problems: string[] = [];
  const problem = (what: string) => problems.push(`${manifest.name}: ${what}`);
  const files = filesIn(dir).map((file) => relative(dir, file));

  // The legal and the findable: a license file, where the code lives, where to report a bug.
  if (!files.includes('README.md')) problem('has no README.md');
  if (!files.includes('LICENSE') || !/^MIT License/.test(readFileSync(join(dir, 'LICENSE'), 'utf8'))) problem('has no MIT LICENSE file');
  if (manifest.license !== 'MIT') problem(`license is ${String(manifest.license)}`);
  const repository = manifest.repository as { type?: string; url?: string; directory?: string } | undefined;
  if (repository?.type !== 'git' || !/^git\+https:\/\/\S+\.git$/.test(repository.url ?? '') || !/^packages\/[\w-]+$/.test(repository.directory ?? '')) {
    problem(`repository is ${JSON.stringify(repository)}: expected { type: "git", url: "git+https://….git", directory: "packages/<name>" }`);
  }
  if (typeof manifest.homepage !== 'string' || !manifest.homepage.startsWith('https://')) problem('has no homepage');
  if (!/^https:\/\//.test((manifest.bugs as { url?: string } | undefined)?.url ?? '')) problem('has no bugs.url');
  if (!Array.isArray(manifest.keywords) || !manifest.keywords.includes('oauth2')) problem('keywords lack "oauth2"');
  if (typeof (manifest.engines as { node?: string } | undefined)?.node !== 'string') problem('has no engines.node');

  // Nothing an installer cannot resolve, nothing it has no use for.
  if ('devDependencies' in manifest) problem(`the manifest lists devDependencies (${Object.keys(manifest.devDependencies as object).join(', ')})`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries((manifest[field] as Record<string, string> | undefined) ?? {})) {
      if (privateNames.includes(name)) problem(`${field} names the private package ${name}`);
      if (/^(workspace|link|file|portal):/.test(range)) problem(`${field}.${name} is "${range}", which no registry can resolve`);
    }
  }

  // Each source once: the maps point at the shipped src/ and carry no copy of it; no tests.
  for (const file of files.filter((name) => /(^|\/)__tests__\/|\.test(-d)?\.[cm]?[jt]s$/.test(name))) problem(`ships the test file ${file}`);
  for (const file of files.filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { sources?: string[]; sourcesContent?: unknown };
    if (map.sourcesContent !== undefined) problem(`${file} carries sourcesContent: a second copy of the sources`);
    for (const source of map.sources ?? []) {
      const target = resolve(dir, dirname(file), source);
      if (!target.startsWith(dir) || !existsSync(target)) problem(`${file} points at ${source}, which the tarball lacks`);
    }
  }

  for (const file of files.filter((name) => name.endsWith('.d.ts'))) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (INTERNAL_NOTE.test(line)) problem(`${file}:${index + 1} has an internal note: ${line.trim()}`);
      });
  }

  const size = (names: string[]) => names.reduce((total, name) => total + statSync(join(dir, name)).size, 0);
  return { problems, unpackedBytes: size(files), javascriptBytes: size(files.filter((name) => name.endsWith('.js'))) };
}

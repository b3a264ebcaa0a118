#!/usr/bin/env node
// The metadata every published package carries, from one place: the repository, homepage, bug
// tracker, engines, the files that go into the tarball and the LICENSE beside its package.json.
//   node scripts/package-metadata.mjs          checks every public package; exits 1 on a difference
//   node scripts/package-metadata.mjs --write  writes the metadata into every public package
// A new package gets all of it with --write; the consumer test runs the check on the tarballs.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8'));
/** `https://github.com/<owner>/<name>`, from the root package.json's `repository`. */
export const repositoryUrl = root.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The fields a public package's manifest must have, for the package in `packages/<dir>`. */
export function expectedMetadata(dir) {
  return {
    repository: { type: 'git', url: root.repository.url, directory: `packages/${dir}` },
    homepage: `${repositoryUrl}/tree/main/packages/${dir}#readme`,
    bugs: { url: `${repositoryUrl}/issues` },
    engines: root.engines,
    // The built code and its declarations, and the sources its source maps point at (the maps carry
    // no `sourcesContent`, so each source is in the tarball once). Never tests or test fixtures.
    files: ['dist', 'src', '!src/**/__tests__', '!src/**/*.test.ts', '!src/**/*.test-d.ts'],
    publishConfig: { access: 'public' },
  };
}

/** Keywords every package has; each adds its own (its HTTP client, `redis`, …). */
export const baseKeywords = ['oauth2', 'client-credentials', 'bearer', 'token'];

export const licenseText = readFileSync(join(repoDir, 'LICENSE'), 'utf8');

/** The public packages: `[{ dir, path, manifest }]`. */
export function publicPackages() {
  const packagesDir = join(repoDir, 'packages');
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, 'package.json')))
    .map((dir) => ({ dir, path: join(packagesDir, dir), manifest: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/** What differs between a package's manifest (and LICENSE) and the expected metadata. */
export function metadataProblems({ dir, manifest }, licenseFile) {
  const problems = [];
  for (const [field, value] of Object.entries(expectedMetadata(dir))) {
    if (field === 'files') {
      // A package may ship more (a CLI's bin/, say), never less.
      const lacking = value.filter((entry) => !(manifest.files ?? []).includes(entry));
      if (lacking.length > 0) problems.push(`files lack ${lacking.join(', ')}`);
    } else if (JSON.stringify(manifest[field]) !== JSON.stringify(value)) problems.push(`${field} is ${JSON.stringify(manifest[field])}, expected ${JSON.stringify(value)}`);
  }
  const keywords = manifest.keywords ?? [];
  const missing = baseKeywords.filter((keyword) => !keywords.includes(keyword));
  if (missing.length > 0) problems.push(`keywords lack ${missing.join(', ')}`);
  if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}, expected MIT`);
  if (typeof manifest.description !== 'string' || manifest.description.length < 20) problems.push('has no description');
  if (licenseFile === undefined) problems.push('has no LICENSE file');
  else if (licenseFile !== licenseText) problems.push('LICENSE differs from the repository LICENSE');
  return problems;
}

// Field order in a written manifest: the npm conventions, then whatever else the package has.
const ORDER = ['name', 'version', 'private', 'description', 'keywords', 'homepage', 'bugs', 'repository', 'license', 'type', 'sideEffects', 'exports', 'main', 'types', 'bin', 'files', 'engines', 'publishConfig'];

function write(pkg) {
  const manifest = { ...pkg.manifest, ...expectedMetadata(pkg.dir) };
  manifest.keywords = [...new Set([...baseKeywords, ...(pkg.manifest.keywords ?? [])])];
  manifest.files = [...new Set([...expectedMetadata(pkg.dir).files, ...(pkg.manifest.files ?? [])])];
  manifest.license = 'MIT';
  const ordered = Object.fromEntries([...ORDER.filter((key) => key in manifest).map((key) => [key, manifest[key]]), ...Object.entries(manifest).filter(([key]) => !ORDER.includes(key))]);
  writeFileSync(join(pkg.path, 'package.json'), `${JSON.stringify(ordered, null, 2).replace(/\[\n\s+("[^"\n]*",?\n\s+)*"[^"\n]*"\n\s+\]/g, (list) => list.replace(/\s*\n\s*/g, ' ').replace('[ ', '[').replace(' ]', ']'))}\n`);
  writeFileSync(join(pkg.path, 'LICENSE'), licenseText);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packages = publicPackages();
  if (process.argv.includes('--write')) {
    for (const pkg of packages) write(pkg);
    console.log(`metadata and LICENSE written for ${packages.map(({ manifest }) => manifest.name).join(', ')}`);
  } else {
    let failed = false;
    for (const pkg of packages) {
      const license = existsSync(join(pkg.path, 'LICENSE')) ? readFileSync(join(pkg.path, 'LICENSE'), 'utf8') : undefined;
      for (const problem of metadataProblems(pkg, license)) {
        failed = true;
        console.error(`${pkg.manifest.name}: ${problem}`);
      }
    }
    if (failed) {
      console.error('Run `node scripts/package-metadata.mjs --write` to fix.');
      process.exit(1);
    }
    console.log(`metadata of ${packages.length} public packages is complete`);
  }
}

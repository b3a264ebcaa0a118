// docs/changelog.md: each public package's CHANGELOG.md (written by `changeset version` at each
// release), and above it the changes waiting for the next release, from the pending
// .changeset/*.md files, grouped as `changeset version` will group them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Bump = 'major' | 'minor' | 'patch';
const HEADINGS: Record<Bump, string> = { major: 'Major changes', minor: 'Minor changes', patch: 'Patch changes' };

interface Pending {
  readonly bump: Bump;
  readonly summary: string;
}

/** The pending changesets, per package name. */
export function pendingChanges(changesetDir: string): Map<string, Pending[]> {
  const pending = new Map<string, Pending[]>();
  for (const file of readdirSync(changesetDir).filter((name) => name.endsWith('.md') && name !== 'README.md').sort()) {
    const match = /^---\n([^]*?)\n---\n([^]*)$/.exec(readFileSync(join(changesetDir, file), 'utf8'));
    if (!match) continue;
    for (const [, name, bump] of match[1]!.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)) {
      pending.set(name!, [...(pending.get(name!) ?? []), { bump: bump as Bump, summary: match[2]!.trim() }]);
    }
  }
  return pending;
}

/** A list item: the summary's first line after the dash, the rest indented under it; a summary that is a list already stays one. */
const item = (summary: string) => (/^[-*] /.test(summary) ? summary : `- ${summary.replace(/\n/g, '\n  ')}`);

/** The page, for the public packages in `packagesDir`. */
export function changelogPage(packagesDir: string, changesetDir: string): string {
  const pending = pendingChanges(changesetDir);
  const packages = readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => (a.manifest.name === '@tok/core' ? -1 : b.manifest.name === '@tok/core' ? 1 : a.manifest.name.localeCompare(b.manifest.name)));
  const released = packages.some(({ dir }) => existsSync(join(packagesDir, dir, 'CHANGELOG.md')));
  const sections = packages.map(({ dir, manifest }) => {
    const lines = [`## ${manifest.name}`, ''];
    const changes = pending.get(manifest.name) ?? [];
    if (changes.length > 0) {
      lines.push(released ? '### Next release' : '### First release', '');
      for (const bump of ['major', 'minor', 'patch'] as const) {
        const ofBump = changes.filter((change) => change.bump === bump);
        if (ofBump.length > 0) lines.push(`#### ${HEADINGS[bump]}`, '', ...ofBump.map((change) => item(change.summary)), '');
      }
    }
    const changelog = join(packagesDir, dir, 'CHANGELOG.md');
    if (existsSync(changelog)) {
      // The package's own file, one heading level down: "## 0.1.0" under "## @tok/core".
      lines.push(readFileSync(changelog, 'utf8').replace(/^# .*\n/, '').replace(/^(#+) /gm, '$1# ').trim(), '');
    } else if (changes.length === 0) {
      lines.push('No changes yet.', '');
    }
    return lines.join('\n');
  });
  return [
    // Made from other files: there is no source to edit.
    '---',
    'editLink: false',
    '---',
    '',
    '# Changelog',
    '',
    released
      ? 'What changed in each release of each package: the packages\' `CHANGELOG.md` files, with the changes waiting for the next release on top.'
      : '**Nothing is released yet.** Below is what the first release of each package will contain, from the changesets waiting in the repository; see [Getting started](/getting-started#install) for installing from a clone until then. At each release `changeset version` writes these entries into each package\'s `CHANGELOG.md`, which this page then shows.',
    '',
    // Summaries are Markdown written by contributors: never evaluated as a Vue template.
    '::: v-pre',
    ...sections,
    ':::',
    '',
  ].join('\n');
}

// Every export of @tok/core and @tok/core/adapter is documented where users read it (their editor, the API reference):
// functions, classes and constants have TSDoc with an `@example` and a `@see` (the RFC section they
// implement, or the related tok export where no spec governs them); interfaces and types have at
// least a summary. Reads the sources with the compiler API: parsing and binding only, no type check.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Each published entry: the package root and the adapter kit.
const entries = {
  '@tok/core': fileURLToPath(new URL('../index.ts', import.meta.url)),
  '@tok/core/adapter': fileURLToPath(new URL('../adapter/index.ts', import.meta.url)),
};

type Role = 'value' | 'type';

interface Documented {
  readonly name: string;
  readonly role: Role;
  readonly summary: string;
  /** Tag name → the text of each such tag. */
  readonly tags: ReadonlyMap<string, readonly string[]>;
}

function roleOf(declaration: ts.Declaration): Role | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isVariableDeclaration(declaration)) return 'value';
  if (ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration)) return 'type';
  return undefined;
}

// The tag's text as written: the parsed form splits `@see https://…` into a name `https` and the rest.
function tagText(tag: ts.JSDocTag): string {
  return tag
    .getSourceFile()
    .text.slice(tag.tagName.end, tag.end)
    .replace(/\n\s*\*(?!\/)/g, '\n')
    .trim();
}

// One entry per exported name and role: `ErrorCode` is a constant and a type of the same name.
function documentedExports(entry: string): Documented[] {
  // No lib and no @types: the symbols are all that is needed, and binding ~40 files stays fast.
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noLib: true,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`cannot read the exports of ${entry}`);

  return checker.getExportsOfModule(module).flatMap((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const byRole = new Map<Role, { summary: string[]; tags: Map<string, string[]> }>();
    for (const declaration of symbol.declarations ?? []) {
      const role = roleOf(declaration);
      if (!role) throw new Error(`${exported.name}: unexpected kind of export (${ts.SyntaxKind[declaration.kind]}); teach this test about it`);
      const entry = byRole.get(role) ?? { summary: [], tags: new Map<string, string[]>() };
      byRole.set(role, entry);
      for (const doc of ts.getJSDocCommentsAndTags(declaration)) {
        if (!ts.isJSDoc(doc)) continue;
        entry.summary.push(ts.getTextOfJSDocComment(doc.comment) ?? '');
        for (const tag of doc.tags ?? []) {
          const name = tag.tagName.text;
          entry.tags.set(name, [...(entry.tags.get(name) ?? []), tagText(tag)]);
        }
      }
    }
    return [...byRole].map(([role, { summary, tags }]) => ({ name: exported.name, role, summary: summary.join('\n').trim(), tags }));
  });
}

const nonEmpty = (texts: readonly string[] | undefined) => (texts ?? []).some((text) => text !== '');
const offenders = (list: readonly Documented[], fails: (e: Documented) => boolean) => list.filter(fails).map((e) => e.name);

// Names each entry must export: a guard against a walk that silently finds nothing (a broken path
// or module resolution), and against a name moving to the wrong entry.
const expected: Record<keyof typeof entries, readonly string[]> = {
  '@tok/core': ['clientCredentials', 'createTokenSource', 'TokError', 'DEFAULT_POLICY', 'Token', 'ErrorCode'],
  '@tok/core/adapter': ['createAuthorizer', 'sendAuthorized', 'isReplayable', 'Transport', 'AuthorizeOptions'],
};

for (const [name, entry] of Object.entries(entries) as [keyof typeof entries, string][]) {
  describe(`TSDoc on every export of ${name}`, () => {
    const exports = documentedExports(entry);
    const values = exports.filter((e) => e.role === 'value');

    it(`finds the exports of ${name}`, () => {
      for (const exported of expected[name]) expect(exports.map((e) => e.name)).toContain(exported);
      expect(values.length).toBeGreaterThan(5);
    });

    it('every exported function, class and constant has a summary, an @example and a @see', () => {
      expect(offenders(values, (e) => e.summary === ''), 'exports without a summary').toEqual([]);
      expect(offenders(values, (e) => !nonEmpty(e.tags.get('example'))), 'exports without an @example').toEqual([]);
      expect(offenders(values, (e) => !nonEmpty(e.tags.get('see'))), 'exports without a @see').toEqual([]);
    });

    it('every exported interface and type has a summary', () => {
      expect(offenders(exports.filter((e) => e.role === 'type'), (e) => e.summary === ''), 'types without a summary').toEqual([]);
    });

    it('a @see to an RFC names the section', () => {
      const vague = exports.flatMap((e) =>
        (e.tags.get('see') ?? [])
          .filter((see) => see.includes('rfc-editor.org') && !/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+#(section|appendix)-[\dA-Z]+(\.\d+)*\b/.test(see))
          .map((see) => `${e.name}: ${see}`),
      );
      expect(vague, '@see links to an RFC without a section (https://www.rfc-editor.org/rfc/rfcNNNN#section-X.Y)').toEqual([]);
    });
  });
}

describe('the two entries', () => {
  it('the root leaves the adapter building blocks and internal helpers to the kit, or to no entry at all', () => {
    const root = new Set(documentedExports(entries['@tok/core']).filter((e) => e.role === 'value').map((e) => e.name));
    const kitOnly = ['createAuthorizer', 'sendAuthorized', 'manualRedirects', 'isReplayable', 'originFilter', 'shouldRenewToken', 'toTokenSource'];
    const internal = ['formEncode', 'failureHoldMs', 'retryDelay', 'retryAfterMs', 'isRetryable', 'jwtLifetime', 'assertionClaims', 'metadataUrls', 'parseServerMetadata'];
    expect([...kitOnly, ...internal].filter((name) => root.has(name))).toEqual([]);
  });
});

// Finds what ties published JavaScript to Node: a `node:` (or bare built-in) import, and any free
// reference to a Node global. The code is parsed and bound by the TypeScript compiler, so strings,
// comments, property names and local variables that happen to share a global's name are ignored.
import { builtinModules } from 'node:module';
import ts from 'typescript';

/** Globals that exist in Node (and Bun, Deno's Node mode) but not in browsers or workers. */
export const NODE_GLOBALS = ['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'];

// Objects through which a global is reached as a property: `globalThis.process`, `self['Buffer']`.
const GLOBAL_OBJECTS = new Set(['globalThis', 'self', 'window', 'global']);
const builtins = new Set(builtinModules);

/**
 * @typedef {{ file: string, line: number, column: number, message: string }} Finding
 */

/**
 * Every Node-specific import and global reference in `files` (absolute paths to .js/.mjs/.cjs).
 * @param {readonly string[]} files
 * @returns {Finding[]}
 */
export function findNodeApis(files) {
  const program = ts.createProgram([...files], {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    noResolve: true,
    types: [],
    // No declarations at all: a name counts as local only when the file itself declares it, and
    // not parsing lib.dom.d.ts keeps the check well under a second.
    noLib: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
  });
  const checker = program.getTypeChecker();
  /** @type {Finding[]} */
  const findings = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`cannot read ${file}`);
    const report = (node, message) => {
      const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
      findings.push({ file, line: line + 1, column: character + 1, message });
    };
    const visit = (node) => {
      const specifier = moduleSpecifier(node);
      if (specifier !== undefined && isNodeBuiltin(specifier.text)) report(specifier, `imports the Node built-in "${specifier.text}"`);
      if (ts.isIdentifier(node) && NODE_GLOBALS.includes(node.text) && isReference(node) && !isBoundInFile(checker, node, source)) {
        report(node, `uses the Node global "${node.text}"`);
      }
      const member = globalMember(node);
      if (member !== undefined) report(node, `uses the Node global "${member}" through ${node.expression.getText(source)}`);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

/** `node:fs`, `fs`, `fs/promises`: Node's own modules. */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]);
}

// import … from 'x', export … from 'x', import('x')
function moduleSpecifier(node) {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return node.moduleSpecifier;
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const [argument] = node.arguments;
    if (argument && ts.isStringLiteralLike(argument)) return argument;
  }
  return undefined;
}

// `globalThis.process`, `self["Buffer"]`
function globalMember(node) {
  const isGlobalObject = (expression) => ts.isIdentifier(expression) && GLOBAL_OBJECTS.has(expression.text);
  if (ts.isPropertyAccessExpression(node) && isGlobalObject(node.expression) && NODE_GLOBALS.includes(node.name.text)) return node.name.text;
  if (ts.isElementAccessExpression(node) && isGlobalObject(node.expression) && ts.isStringLiteralLike(node.argumentExpression)) {
    const name = node.argumentExpression.text;
    if (NODE_GLOBALS.includes(name)) return name;
  }
  return undefined;
}

// False where an identifier names something other than a variable: a property, a key, a label.
function isReference(node) {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) return parent.expression === node || parent.left === node;
  if (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) return parent.name !== node;
  if (ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent) || ts.isPropertySignature(parent)) return parent.name !== node;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if ((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) && parent.propertyName === node) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isMetaProperty(parent)) return false;
  return true;
}

// A name declared in the file itself (a parameter, a local, an import) is not the global.
function isBoundInFile(checker, node, source) {
  const symbol = ts.isShorthandPropertyAssignment(node.parent) ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
  return symbol?.declarations?.some((declaration) => declaration.getSourceFile() === source) ?? false;
}

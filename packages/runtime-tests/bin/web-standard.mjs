#!/usr/bin/env node
// `tok-web-standard <package dir>…`: fails when the built code of a package (its dist/**/*.js)
// imports a Node built-in or uses a Node global. Run it after the build.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findNodeApis } from '../check/webStandard.mjs';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: tok-web-standard <package dir>…');
  process.exit(2);
}

const jsFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return /\.(m|c)?js$/.test(name) ? [path] : [];
  });

let failed = false;
const packages = dirs.map((dir) => {
  const dist = resolve(dir, 'dist');
  let files = [];
  try {
    files = jsFiles(dist);
  } catch {
    // reported below
  }
  if (files.length === 0) {
    console.error(`${relative(process.cwd(), dist)}: no built .js files; build the package first`);
    failed = true;
  }
  return { dir, files };
});
// One parse for every package: the compiler is loaded once.
const findings = findNodeApis(packages.flatMap(({ files }) => files));
for (const { file, line, column, message } of findings) console.error(`${relative(process.cwd(), file)}:${line}:${column}: ${message}`);
for (const { dir, files } of packages.filter(({ files }) => files.length > 0)) {
  const count = findings.filter(({ file }) => files.includes(file)).length;
  console.log(`${count === 0 ? 'ok  ' : 'FAIL'} ${relative(process.cwd(), dir) || '.'}: ${files.length} file(s), ${count} Node-specific use(s)`);
  failed ||= count > 0;
}
process.exitCode = failed ? 1 : 0;

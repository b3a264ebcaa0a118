import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findNodeApis, isNodeBuiltin } from '../webStandard.mjs';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const messages = (name: string) => findNodeApis([fixture(name)]).map(({ line, message }) => `${line}: ${message}`);

describe('findNodeApis', () => {
  it('flags an import of node:crypto', () => {
    expect(messages('node-crypto.js')).toStrictEqual(['1: imports the Node built-in "node:crypto"']);
  });

  it('flags Buffer', () => {
    expect(messages('buffer.js')).toStrictEqual(['1: uses the Node global "Buffer"']);
  });

  it('flags bare built-ins, re-exports, dynamic imports and every Node global, however reached', () => {
    expect(messages('many.js')).toStrictEqual([
      '1: imports the Node built-in "fs"',
      '2: imports the Node built-in "fs/promises"',
      '3: uses the Node global "process"',
      '4: uses the Node global "process" through globalThis',
      '5: uses the Node global "Buffer" through self',
      '6: uses the Node global "process"',
      '7: imports the Node built-in "node:http"',
      '8: uses the Node global "require"',
      '9: uses the Node global "__dirname"',
      '10: uses the Node global "setImmediate"',
      '11: uses the Node global "global"',
      '12: uses the Node global "process"',
    ]);
  });

  it('ignores comments, strings, property names, class members and local bindings', () => {
    expect(messages('clean.js')).toStrictEqual([]);
  });

  it('knows which specifiers are Node built-ins', () => {
    expect(['node:crypto', 'crypto', 'fs/promises', 'node:test'].map(isNodeBuiltin)).toStrictEqual([true, true, true, true]);
    expect(['ky', '@tok/core', 'axios/lib/adapters/fetch.js', './crypto.js'].map(isNodeBuiltin)).toStrictEqual([false, false, false, false]);
  });
});

describe('tok-web-standard', { timeout: 120_000 }, () => {
  const bin = fileURLToPath(new URL('../../bin/web-standard.mjs', import.meta.url));
  const root = mkdtempSync(join(tmpdir(), 'tok-web-standard-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const pkg = (name: string, files: string[]) => {
    mkdirSync(join(root, name, 'dist', 'chunks'), { recursive: true });
    for (const file of files) copyFileSync(fixture(file), join(root, name, 'dist', file === 'buffer.js' ? 'chunks/buffer.js' : file));
    return join(root, name);
  };

  it('exits 0 for clean packages and 1, naming file and line, when one uses Node', () => {
    const clean = pkg('clean', ['clean.js']);
    const dirty = pkg('dirty', ['clean.js', 'buffer.js']);
    const ok = spawnSync(process.execPath, [bin, clean], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const failed = spawnSync(process.execPath, [bin, clean, dirty], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/dist\/chunks\/buffer\.js:1:\d+: uses the Node global "Buffer"/);
  });

  it('fails loudly when a package has not been built', () => {
    const empty = join(root, 'unbuilt');
    mkdirSync(empty);
    writeFileSync(join(empty, 'package.json'), '{}');
    const result = spawnSync(process.execPath, [bin, empty], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no built \.js files/);
  });
});

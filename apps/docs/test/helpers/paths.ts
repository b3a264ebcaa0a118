import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const repoDir = resolve(appDir, '../..');
export const distDir = resolve(appDir, '.vitepress/dist');
export const screenshotDir = resolve(appDir, 'screenshots');

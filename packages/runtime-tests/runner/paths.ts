import { fileURLToPath } from 'node:url';

/** packages/runtime-tests */
export const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** The repository root. */
export const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
/** The repository's ignored cache folder: runtime downloads, bundles, the browser profile. */
export const cacheDir = fileURLToPath(new URL('../../../.cache/', import.meta.url));

/**
 * The environment every runtime starts with: caches inside the repository's `.cache/`, never `~`,
 * no colours, no update checks.
 */
export function runtimeEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_cache: `${cacheDir}npm`,
    npm_config_update_notifier: 'false',
    DENO_DIR: `${cacheDir}deno`,
    DENO_NO_UPDATE_CHECK: '1',
    BUN_INSTALL_CACHE_DIR: `${cacheDir}bun`,
    XDG_CACHE_HOME: `${cacheDir}xdg/cache`,
    XDG_CONFIG_HOME: `${cacheDir}xdg/config`,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}

import type { UserConfig } from 'vitepress';

// VitePress 1 runs on Vite 5 while the workspace root has Vite 7 (for vitest): take the plugin
// type from VitePress's own config so that the two Vite versions' types never meet.
type PluginOption = NonNullable<NonNullable<UserConfig['vite']>['plugins']>[number];
export type VitePlugin = Extract<PluginOption, { name: string }>;

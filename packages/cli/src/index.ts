/**
 * `tok` on the command line (`npx @tok/cli doctor`); `main` runs it from a program or a test.
 *
 * @packageDocumentation
 */
export { main } from './main.js';
export { ExitCode } from './exitCodes.js';

export type { MainIo } from './main.js';
export type { Output } from './terminal.js';

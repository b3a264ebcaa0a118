import type { Flags } from './args.js';
import type { ConfigSources } from './config.js';
import type { ExitCode } from './exitCodes.js';
import type { Terminal } from './terminal.js';

/** What a command gets: the parsed command line, where configuration comes from, and where to write. */
export interface CommandContext {
  readonly flags: Flags;
  /** The arguments after the command name. */
  readonly args: readonly string[];
  readonly sources: ConfigSources;
  readonly terminal: Terminal;
  readonly stdinIsTTY: boolean;
}

export type Command = (context: CommandContext) => Promise<ExitCode>;

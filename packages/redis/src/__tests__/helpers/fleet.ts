// A fleet of Node processes (fleetWorker.mjs), each with its own Redis client and token sources,
// driven from the test: every command goes to all of them at once, as replicas that start together.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const worker = fileURLToPath(new URL('./fleetWorker.mjs', import.meta.url));
const packageDir = fileURLToPath(new URL('../../..', import.meta.url));

export interface Member {
  readonly index: number;
  readonly child: ChildProcess;
  /** Every message it sent, oldest first. */
  readonly messages: Record<string, unknown>[];
  readonly stderr: () => string;
}

export interface Fleet {
  readonly members: readonly Member[];
  /** Sends `command` to these members (default all) and resolves with each one's answer. */
  all(command: Record<string, unknown> & { type: string }, members?: readonly Member[]): Promise<Record<string, any>[]>;
  /** Sends `command` to every member: one promise of an answer each (rejected if it exits first). */
  send(command: Record<string, unknown> & { type: string }): Promise<Record<string, any>>[];
  /** The first member to send a message of `type` from now on. */
  first(type: string): Promise<Member>;
  close(): Promise<void>;
}

export async function startFleet(size: number, env: Record<string, string>): Promise<Fleet> {
  const listeners = new Set<(member: Member, message: Record<string, unknown>) => void>();
  const members: Member[] = Array.from({ length: size }, (_, index) => {
    // Half the fleet on node-redis, half on ioredis: one fleet, both clients, one Redis.
    const child = spawn(process.execPath, [worker], {
      cwd: packageDir,
      env: { ...process.env, ...env, REDIS_CLIENT: index % 2 === 0 ? 'redis' : 'ioredis' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk));
    const member: Member = { index, child, messages: [], stderr: () => stderr };
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
        buffered = buffered.slice(newline + 1);
        member.messages.push(message);
        for (const listener of listeners) listener(member, message);
      }
    });
    return member;
  });

  function next(member: Member, type: string): Promise<Record<string, any>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) => {
        listeners.delete(listener);
        reject(new Error(`fleet member ${member.index} exited (${code ?? signal}) before answering ${type}:\n${member.stderr()}`));
      };
      const listener = (from: Member, message: Record<string, unknown>) => {
        if (from !== member || message.type !== type) return;
        listeners.delete(listener);
        member.child.off('exit', onExit);
        if (message.crashed) reject(new Error(`fleet member ${member.index} failed ${type}: ${message.crashed}`));
        else resolve(message);
      };
      listeners.add(listener);
      member.child.once('exit', onExit);
    });
  }

  await Promise.all(members.map((member) => next(member, 'ready')));
  return {
    members,
    all(command, to = members) {
      const answers = to.map((member) => next(member, command.type));
      for (const member of to) member.child.stdin?.write(`${JSON.stringify(command)}\n`);
      return Promise.all(answers);
    },
    send(command) {
      const answers = members.map((member) => next(member, command.type));
      for (const member of members) member.child.stdin?.write(`${JSON.stringify(command)}\n`);
      return answers;
    },
    first: (type) =>
      new Promise((resolve) => {
        const listener = (member: Member, message: Record<string, unknown>) => {
          if (message.type !== type) return;
          listeners.delete(listener);
          resolve(member);
        };
        listeners.add(listener);
      }),
    async close() {
      await Promise.all(
        members.map(async ({ child }) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.stdin?.end(`${JSON.stringify({ type: 'exit' })}\n`);
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}

// Types of ./assert.js, the suite's runtime-neutral assertions.
export class AssertionError extends Error {}
export function equal(actual: unknown, expected: unknown, message?: string): void;
export function notEqual(actual: unknown, expected: unknown, message?: string): void;
export function deepEqual(actual: unknown, expected: unknown, message?: string): void;
export function ok(value: unknown, message?: string): void;
export function match(actual: unknown, pattern: RegExp, message?: string): void;
export function rejects(promiseOrFn: Promise<unknown> | (() => Promise<unknown>), check?: (error: any) => void, message?: string): Promise<any>;
export function throws(fn: () => unknown, check?: (error: any) => void, message?: string): any;

// A tiny assertion helper: plain ESM and web APIs only, so the suite runs unmodified in every runtime.

/** Thrown by every failed assertion. */
export class AssertionError extends Error {
  name = 'AssertionError';
}

const show = (value) => {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function fail(message, detail) {
  throw new AssertionError(detail === undefined ? message : `${message}: ${detail}`);
}

/** `actual === expected` (Object.is). */
export function equal(actual, expected, message = 'values differ') {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

/** `actual !== expected` (Object.is). */
export function notEqual(actual, expected, message = 'values are equal') {
  if (Object.is(actual, expected)) fail(message, `both are ${show(actual)}`);
}

/** Structural equality of JSON-like values (plain objects, arrays, primitives); key order is ignored. */
export function deepEqual(actual, expected, message = 'values differ') {
  if (!same(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

function same(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a).filter((key) => a[key] !== undefined);
  const other = Object.keys(b).filter((key) => b[key] !== undefined);
  return keys.length === other.length && keys.every((key) => same(a[key], b[key]));
}

/** A truthy value. */
export function ok(value, message = 'expected a truthy value') {
  if (!value) fail(message, `got ${show(value)}`);
}

/** A string matching `pattern`. */
export function match(actual, pattern, message = 'no match') {
  if (typeof actual !== 'string' || !pattern.test(actual)) fail(message, `${show(actual)} does not match ${pattern}`);
}

/**
 * Awaits `promiseOrFn` (a promise or a function returning one), expects it to reject, checks the
 * reason with `check` (which may assert) and returns it.
 */
export async function rejects(promiseOrFn, check = () => {}, message = 'expected a rejection') {
  let outcome;
  try {
    outcome = { value: await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn) };
  } catch (error) {
    check(error);
    return error;
  }
  fail(message, `resolved with ${show(outcome.value)}`);
}

/** Calls `fn`, expects it to throw synchronously, checks the error with `check` and returns it. */
export function throws(fn, check = () => {}, message = 'expected a throw') {
  try {
    fn();
  } catch (error) {
    check(error);
    return error;
  }
  fail(message);
}

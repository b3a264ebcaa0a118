// The suite's assertions: the runtime-neutral ones the shared adapter tests use too.
export { AssertionError, deepEqual, equal, match, notEqual, ok, rejects, throws } from '@tok/test-utils/assert';

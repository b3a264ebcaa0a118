// The shared adapter tests (@tok/test-utils/adapter-tests, the same ones Node runs under vitest),
// run here against the Node runner's servers: the context comes from the control server.
import * as core from '@tok/core';
import { adapterTests as sharedTests } from '@tok/test-utils/adapter-tests';

/** The shared adapter tests for one client driver (./clients.js), with this runtime's context. */
export function adapterTests(driver) {
  return sharedTests(core, driver).map(({ name, fn }) => ({ name, fn: (t) => fn(contextOf(t)) }));
}

// The suite's view of the servers, through the control server (records since the last reset).
function contextOf({ config, control, defer }) {
  const origin = (url) => new URL(url).origin;
  return {
    tokenUrl: config.tokenUrl,
    tokenOrigin: config.tokenOrigin,
    apiOrigin: config.apiOrigin,
    echoOrigin: config.echoOrigin,
    echoUrl: config.echo,
    refusingOrigin: origin(config.refusing),
    downTokenUrl: `http://127.0.0.1:${config.downPort}/token`,
    client: config.clients.plain,
    state: () => control.state(),
    behave: (...behaviours) => control.behave(...behaviours),
    expire: (token) => control.expire(token),
    expireAll: () => control.expireAll(),
    defer,
  };
}

// Chromium: bundled with the suite by esbuild and served by the control server on the page's own
// origin; playwright-core opens `/?filter=…` and awaits `window.tokSuite` (the report and its lines).
import { axiosClient } from '../suite/axiosClient.js';
import { runSuite, webClients } from '../suite/index.js';

const filter = new URL(location.href).searchParams.get('filter') ?? undefined;
const lines = [];
const runtime = `chromium ${navigator.userAgent.match(/Chrome\/(\S+)/)?.[1]}`;
const clients = [...webClients, axiosClient];
window.tokSuite = runSuite({ control: location.origin, filter, clients, runtime, log: (line) => lines.push(line) }).then((report) => ({ ...report, lines }));

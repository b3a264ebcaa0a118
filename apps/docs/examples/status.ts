// Whether the demo servers are behind this site. `/api/status.json` is a static file saying
// `{ "demo": false }`; when `pnpm start` runs, the demo backend answers that path itself.
export interface DemoStatus {
  readonly demo: boolean;
  readonly tokenLifetimeSeconds?: number;
  readonly backendRequest?: { url: string; method: string; headers: Record<string, string>; body: string };
  readonly playground?: { tokenUrl: string; clientId: string };
}

let status: Promise<DemoStatus> | undefined;

export function demoStatus(): Promise<DemoStatus> {
  status ??= fetch('/api/status.json', { cache: 'no-store' })
    .then((r) => (r.ok ? (r.json() as Promise<DemoStatus>) : { demo: false }))
    .catch(() => ({ demo: false }));
  return status;
}

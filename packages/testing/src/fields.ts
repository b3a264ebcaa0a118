/** Body fields of a token request; a field sent more than once is an array. */
export type Fields = Record<string, string | string[]>;

/**
 * Parses a form-urlencoded or JSON body. JSON numbers and booleans become strings, JSON arrays
 * stay arrays (of strings). `error` says why the body is not an acceptable token request body.
 */
export function parseFields(body: string, contentType: string | undefined): { fields: Fields; error?: string } {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return parseJson(body);
  const fields: Fields = {};
  for (const [name, value] of new URLSearchParams(body)) add(fields, name, value);
  if (type === 'application/x-www-form-urlencoded') return { fields };
  return { fields, error: `unsupported content-type: ${contentType ?? '(none)'}` };
}

/** The value of a field sent once; `undefined` when absent or repeated. */
export function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseJson(body: string): { fields: Fields; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { fields: {}, error: 'the body is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { fields: {}, error: 'the JSON body is not an object' };
  const fields: Fields = {};
  for (const [name, field] of Object.entries(value)) {
    const text = (item: unknown) => (typeof item === 'string' ? item : JSON.stringify(item));
    fields[name] = Array.isArray(field) ? field.map(text) : text(field);
  }
  return { fields };
}

function add(fields: Fields, name: string, value: string): void {
  const prior = fields[name];
  fields[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
}

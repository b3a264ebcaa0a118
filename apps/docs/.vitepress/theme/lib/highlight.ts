// A small highlighter for code computed in the page (HTTP, JSON, shell, JS). Static code on the
// pages is highlighted by VitePress at build time; this only covers what the components render.
export type Lang = 'http' | 'json' | 'sh' | 'js' | 'text';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const span = (cls: string, s: string) => `<span class="tk-${cls}">${escape(s)}</span>`;

export function highlight(code: string, lang: Lang): string {
  if (lang === 'http') return http(code);
  if (lang === 'json') return tokens(code, JSON_TOKENS);
  if (lang === 'js') return tokens(code, JS_TOKENS);
  if (lang === 'sh') return tokens(code, SH_TOKENS);
  return escape(code);
}

function http(code: string): string {
  const [head = '', ...rest] = code.split('\n\n');
  const body = rest.join('\n\n');
  const lines = head.split('\n').map((line, i) => {
    if (i === 0) {
      const m = /^(\S+) (\S+) (\S+)$/.exec(line);
      if (m) return `${span('keyword', m[1]!)} ${span('string', m[2]!)} ${span('comment', m[3]!)}`;
      const s = /^(HTTP\/\S+) (\d+)(.*)$/.exec(line);
      if (s) return `${span('comment', s[1]!)} ${span('number', s[2]!)}${escape(s[3]!)}`;
    }
    const h = /^([^:]+):(.*)$/.exec(line);
    return h ? `${span('attr', h[1]!)}:${escape(h[2]!)}` : escape(line);
  });
  const bodyHtml = body.trimStart().startsWith('{') ? tokens(body, JSON_TOKENS) : span('string', body);
  return `${lines.join('\n')}${rest.length > 0 ? `\n\n${bodyHtml}` : ''}`;
}

type Rule = [RegExp, string | null];

const JSON_TOKENS: Rule[] = [
  [/"(?:[^"\\]|\\.)*"(?=\s*:)/y, 'attr'],
  [/"(?:[^"\\]|\\.)*"/y, 'string'],
  [/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/y, 'number'],
  [/\b(?:true|false|null)\b/y, 'keyword'],
];

const JS_TOKENS: Rule[] = [
  [/\/\/[^\n]*/y, 'comment'],
  [/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/y, 'string'],
  [/\b(?:import|from|const|let|await|async|return|new|export|function)\b/y, 'keyword'],
  [/\b\d+\b/y, 'number'],
  [/[A-Za-z_$][\w$]*(?=\()/y, 'fn'],
];

const SH_TOKENS: Rule[] = [
  [/#[^\n]*/y, 'comment'],
  [/'(?:[^'])*'|"(?:[^"\\]|\\.)*"/y, 'string'],
  [/--[\w-]+/y, 'attr'],
  [/^curl\b/my, 'fn'],
];

function tokens(code: string, rules: Rule[]): string {
  let out = '';
  let plain = '';
  let i = 0;
  outer: while (i < code.length) {
    for (const [re, cls] of rules) {
      re.lastIndex = i;
      const m = re.exec(code);
      if (m && m[0].length > 0) {
        out += escape(plain) + (cls ? span(cls, m[0]) : escape(m[0]));
        plain = '';
        i += m[0].length;
        continue outer;
      }
    }
    // Skip over a whole identifier so that a keyword inside a word is not matched.
    const word = /[\w$]+/y;
    word.lastIndex = i;
    const w = word.exec(code);
    const step = w ? w[0].length : 1;
    plain += code.slice(i, i + step);
    i += step;
  }
  return out + escape(plain);
}

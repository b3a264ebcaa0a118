import { describe, expect, it } from 'vitest';
import { REDIRECT_STATUSES, redirectHop } from '../adapter/redirects.js';

const here = 'https://api.example.com/v1/orders';

describe('redirectHop', () => {
  it('follows the five redirect statuses, resolving Location against the current URL', () => {
    expect([...REDIRECT_STATUSES]).toEqual([301, 302, 303, 307, 308]);
    expect(redirectHop(307, '/v2/orders', here, 'PUT')).toEqual({ url: new URL('https://api.example.com/v2/orders'), toGet: false });
    expect(redirectHop(308, 'https://other.example/x', here, 'GET')?.url.href).toBe('https://other.example/x');
  });

  it.each([
    [303, 'POST', true],
    [303, 'PUT', true],
    [303, 'GET', false],
    [303, 'head', false],
    [301, 'POST', true],
    [302, 'post', true],
    [302, 'PUT', false],
    [307, 'POST', false],
    [308, 'POST', false],
  ])('%i after %s turns into a GET: %s', (status, method, toGet) => {
    expect(redirectHop(status, '/next', here, method)?.toGet).toBe(toGet);
  });

  it.each([
    ['a status that is no redirect', 200, '/next'],
    ['a 304', 304, '/next'],
    ['no Location', 302, null],
    ['an unreadable Location', 302, 'http://['],
    ['a Location that is not http(s)', 302, 'javascript:alert(1)'],
    ['a file URL', 301, 'file:///etc/passwd'],
  ] as const)('is undefined for %s', (_, status, location) => {
    expect(redirectHop(status, location, here, 'GET')).toBeUndefined();
  });
});

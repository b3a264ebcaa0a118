import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { fullPath } from '../followRedirects.js';

describe('fullPath', () => {
  it('joins a base URL and a URL exactly as axios does', () => {
    const bases = [undefined, '', 'https://api.example.com', 'https://api.example.com/', 'https://api.example.com//', 'https://api.example.com///', 'https://api.example.com/v1', '/api', 'api/'];
    const urls = [undefined, '', 'items', '/items', '//items', '///items', 'https://other.example/x', 'HTTPS://other.example/x', '//other.example/x', 'a+b.c-d://x', 'a+b.c-d:/x', '1a://x', 'mailto:x', '?q=1', 'x:y//z'];
    for (const baseURL of bases) {
      for (const url of urls) {
        for (const allowAbsoluteUrls of [undefined, false]) {
          const config = { baseURL, url, allowAbsoluteUrls };
          expect(fullPath(config as never), JSON.stringify(config)).toBe(axios.getUri(config as never) ?? '');
        }
      }
    }
  });
});

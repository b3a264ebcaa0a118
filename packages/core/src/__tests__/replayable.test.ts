import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isReplayable } from '../adapter/replayable.js';

describe('isReplayable', () => {
  it('accepts bodies that can be sent twice', () => {
    const form = new FormData();
    form.set('a', '1');
    for (const body of [undefined, null, '', 'text', new Uint8Array([1]), new ArrayBuffer(2), new Blob(['x']), form, new URLSearchParams('a=1'), { json: true }]) {
      expect(isReplayable(body)).toBe(true);
    }
  });

  it('refuses streams: web, Node, and any async iterable', () => {
    async function* chunks() {
      yield 'x';
    }
    for (const body of [new Blob(['x']).stream(), Readable.from(['x']), chunks()]) {
      expect(isReplayable(body)).toBe(false);
    }
  });
});

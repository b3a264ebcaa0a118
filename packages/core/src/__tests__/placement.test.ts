import { describe, expect, it } from 'vitest';
import { placements, usesBasic } from '../client-auth/placement.js';

describe('placements', () => {
  it('lists every placement, the default first', () => {
    expect(placements).toStrictEqual(['basic', 'basic-raw', 'basic-with-client-id', 'form', 'json', 'none']);
  });

  it('knows which placements write Authorization: Basic', () => {
    expect(placements.filter(usesBasic)).toStrictEqual(['basic', 'basic-raw', 'basic-with-client-id']);
  });
});

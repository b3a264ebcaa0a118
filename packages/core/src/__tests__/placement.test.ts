import { describe, expect, it } from 'vitest';
import type { TokenRequestDraft } from '../client-auth/clientAuthentication.js';
import { placements, placementStrategies } from '../client-auth/placement.js';
import { Secret } from '../request/secret.js';

const input = { clientId: 'app id', clientSecret: new Secret('s+e:c'), tokenUrl: 'https://as.example/token', now: 0, jti: 'j' };

function write(placement: (typeof placements)[number]): TokenRequestDraft {
  const draft: TokenRequestDraft = { headers: {}, fields: [] };
  void placementStrategies[placement].authenticate(draft, input);
  return draft;
}

describe('placements', () => {
  it('lists every placement, the default first', () => {
    expect(placements).toStrictEqual(['basic', 'basic-raw', 'basic-with-client-id', 'form', 'json', 'none']);
    expect(Object.keys(placementStrategies).sort()).toStrictEqual([...placements].sort());
  });

  it('knows which placements write Authorization: Basic', () => {
    expect(placements.filter((p) => placementStrategies[p].writesAuthorization)).toStrictEqual(['basic', 'basic-raw', 'basic-with-client-id']);
  });

  it('each is a strategy that writes headers and body fields into the request', () => {
    expect(write('basic')).toStrictEqual({ headers: { authorization: `Basic ${btoa('app+id:s%2Be%3Ac')}` }, fields: [] });
    expect(write('basic-raw')).toStrictEqual({ headers: { authorization: `Basic ${btoa('app id:s+e:c')}` }, fields: [] });
    expect(write('basic-with-client-id')).toStrictEqual({ headers: { authorization: `Basic ${btoa('app+id:s%2Be%3Ac')}` }, fields: [['client_id', 'app id']] });
    expect(write('form')).toStrictEqual({ headers: {}, fields: [['client_id', 'app id'], ['client_secret', 's+e:c']] });
    expect(write('json')).toStrictEqual({ headers: {}, fields: [['client_id', 'app id'], ['client_secret', 's+e:c']], json: true });
    expect(write('none')).toStrictEqual({ headers: {}, fields: [['client_id', 'app id']] });
  });

  it('names each by its RFC 8414 method, and says which carry a secret', () => {
    expect(placements.map((p) => [p, placementStrategies[p].method, placementStrategies[p].usesSecret])).toStrictEqual([
      ['basic', 'client_secret_basic', true],
      ['basic-raw', 'client_secret_basic', true],
      ['basic-with-client-id', 'client_secret_basic', true],
      ['form', 'client_secret_post', true],
      ['json', 'client_secret_post', true],
      ['none', 'none', false],
    ]);
  });
});

// Tokens at rest in Redis: sealed with AES-GCM under the user's keys, bound to the Redis key they
// are stored under, so that a sealed token copied to another key does not open.

const IV_BYTES = 12;

/** The user's keys, imported once for WebCrypto. The first seals; every one opens. */
export interface Sealer {
  seal(plain: string, where: string): Promise<string>;
  /** The plain text, or `undefined` when no key opens it (another key, tampered, not sealed). */
  open(sealed: string, where: string): Promise<string | undefined>;
}

/** Reads a key given as raw bytes or base64/base64url text; `undefined` when it is neither 16 nor 32 bytes. */
export function keyBytes(key: unknown): Uint8Array | undefined {
  let bytes: Uint8Array | undefined;
  if (key instanceof Uint8Array) bytes = key;
  else if (typeof key === 'string' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(key)) {
    const binary = atob(key.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }
  return bytes && (bytes.length === 16 || bytes.length === 32) ? bytes : undefined;
}

export function sealer(keys: readonly Uint8Array[]): Sealer {
  // Imported on first use: construction stays synchronous, and keys stay non-extractable.
  let imported: Promise<CryptoKey[]> | undefined;
  const cryptoKeys = () =>
    (imported ??= Promise.all(keys.map((raw) => crypto.subtle.importKey('raw', raw.slice(), 'AES-GCM', false, ['encrypt', 'decrypt']))));
  const encoder = new TextEncoder();
  return {
    async seal(plain, where) {
      const [key] = await cryptoKeys();
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(where) }, key as CryptoKey, encoder.encode(plain));
      return `${base64url(iv)}.${base64url(new Uint8Array(sealed))}`;
    },
    async open(sealed, where) {
      const [iv, data] = sealed.split('.').map(fromBase64url);
      if (!iv || !data || iv.length !== IV_BYTES) return undefined;
      for (const key of await cryptoKeys()) {
        try {
          const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(where) }, key, data);
          return new TextDecoder().decode(plain);
        } catch {
          // Sealed under another key, or tampered with: try the next key.
        }
      }
      return undefined;
    },
  };
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const HKDF_INFO = 'scriptorium:integrations:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class TokenDecryptionError extends Error {
  constructor() {
    super('stored token cannot be decrypted (tampered, truncated or encrypted with another APP_SECRET)');
    this.name = 'TokenDecryptionError';
  }
}

/**
 * Encrypts secrets at rest (integration tokens, webhook signing secrets): AES-256-GCM under a key
 * derived from APP_SECRET with HKDF. Output is `v1.<iv>.<tag>.<ciphertext>` (base64url). A context
 * (e.g. the owner's user id) is bound as associated data, so a value copied onto another row does
 * not decrypt; callers give each kind of secret its own context.
 */
export class TokenCipher {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    if (appSecret.length < 32) throw new Error('APP_SECRET must be at least 32 characters to derive the token key');
    this.key = Buffer.from(hkdfSync('sha256', appSecret, Buffer.alloc(0), HKDF_INFO, 32));
  }

  encrypt(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.aad(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  decrypt(sealed: string, context = ''): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new TokenDecryptionError();
    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !ciphertext || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptionError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(this.aad(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenDecryptionError();
    }
  }

  private aad(context: string): Buffer {
    return Buffer.from(`${VERSION}:${context}`, 'utf8');
  }
}

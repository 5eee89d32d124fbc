// Values the Kubernetes API server encrypted at rest. kubernetes/apiserver pkg/storage/value/transformer.go
// (PrefixTransformer) prepends each provider's prefix; pkg/server/options/encryptionconfig/config.go names them
// "k8s:enc:aescbc:v1:", "k8s:enc:aesgcm:v1:", "k8s:enc:secretbox:v1:", "k8s:enc:kms:v1:" and "k8s:enc:kms:v2:",
// and every key or KMS plugin adds "<name>:" (pkg/storage/value/encrypt/identity/identity.go reserves "k8s:enc:").
// After that comes ciphertext: never text.

export type EncryptedValue = {
  provider: string;
  /** The provider's format version: v1, v2. */
  version: string;
  /** The key (aescbc, aesgcm, secretbox) or KMS plugin name the value was written with. */
  keyName: string;
  ciphertextBytes: number;
};

const PREFIX = 'k8s:enc:';
/** Where the header must end: names are short; the ciphertext after them is not read. */
const HEADER_MAX = 256;

export function decodeEncrypted(bytes: Uint8Array): EncryptedValue | null {
  if (bytes.length < PREFIX.length) return null;
  for (let i = 0; i < PREFIX.length; i++) if (bytes[i] !== PREFIX.charCodeAt(i)) return null;
  // provider:version:name: in ASCII, then ciphertext.
  const parts: string[] = [];
  let start = PREFIX.length;
  for (let i = start; i < Math.min(bytes.length, PREFIX.length + HEADER_MAX) && parts.length < 3; i++) {
    const b = bytes[i]!;
    if (b === 0x3a) {
      parts.push(String.fromCharCode(...bytes.subarray(start, i)));
      start = i + 1;
    } else if (b < 0x21 || b > 0x7e) break;
  }
  const [provider, version, keyName] = parts;
  if (!provider || !version || keyName === undefined || !/^v\d+$/.test(version)) {
    // The reserved prefix with an unreadable header: still encrypted, provider unknown.
    return {
      provider: provider ?? 'unknown',
      version: version ?? '',
      keyName: '',
      ciphertextBytes: bytes.length - PREFIX.length,
    };
  }
  return { provider, version, keyName, ciphertextBytes: bytes.length - start };
}

/** A short fingerprint of a text (32-bit FNV-1a, hex): which code the status line speaks of, for the e2e tests. */
export function codeFingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** The served policy, the static-hosting file and the README agree, and the policy keeps what the app's safety rests on. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CROSS_ORIGIN_ISOLATION, DIRECTIVES, headersFile, securityHeaders } from './csp.ts';

describe('Content-Security-Policy', () => {
  it('public/_headers is the file scripts/csp.ts writes', () => {
    const file = readFileSync(new URL('../public/_headers', import.meta.url), 'utf8');
    expect(file, 'public/_headers is out of date: write it anew from headersFile() in scripts/csp.ts').toBe(headersFile());
  });

  it("README's hosting section shows the policy served", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\nContent-Security-Policy: ${contentSecurityPolicy()}\n`);
  });

  it('serves COOP same-origin and COEP require-corp (SharedArrayBuffer for threads), also in the README', () => {
    expect(securityHeaders()).toMatchObject({ 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) expect(readme).toContain(`\n${name}: ${value}\n`);
  });

  it('lets nothing connect to another host, and no inline or foreign script run outside dev', () => {
    expect(DIRECTIVES['connect-src']).toEqual(["'self'"]);
    expect(DIRECTIVES['default-src']).toEqual(["'self'"]);
    const scripts = contentSecurityPolicy().match(/script-src ([^;]*)/)![1].split(' ');
    expect(scripts).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"]);
  });

  it("dev's nonce goes into script-src only", () => {
    const policy = contentSecurityPolicy('abc=');
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' 'nonce-abc='; ");
    expect(policy.match(/nonce-/g)).toHaveLength(1);
  });
});

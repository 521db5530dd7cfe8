/**
 * The Content-Security-Policy and the cross-origin isolation headers the app is served with — one definition for
 * `npm run dev` and `npm run preview` (vite.config.ts) and for static hosting (public/_headers, kept equal by
 * scripts/csp.test.ts; README "Hosting the built app"). Why each source is there:
 *
 * - connect-src 'self': nothing on the page or in its workers can send data to another host (fetch, XHR,
 *   WebSocket, EventSource, sendBeacon), whatever task code from a link tries. Same-origin ws: is covered by
 *   'self' (CSP 3), which is what Vite dev's hot-reload socket uses.
 * - script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval': no script from another host and no inline script;
 *   'wasm-unsafe-eval' lets tf.js's WASM backend and our AssemblyScript kernels compile WebAssembly; 'unsafe-eval'
 *   is for `new Function` in src/core/tasks/compile.ts, which runs a task file (only ever inside a worker).
 *   A module loaded by URL at run time (`import('http://…')` built from a string) is refused by 'self'.
 * - worker-src 'self': the training, task, TypeScript and kernel-check workers are same-origin module files.
 * - style-src 'self' 'unsafe-inline': Plotly and CodeMirror write <style> elements and style attributes.
 * - img-src data: blob:: Plotly's PNG/SVG export draws the plot through an image of a data:/blob: URL.
 * - object-src 'none', base-uri 'self', form-action 'self', frame-ancestors 'none': no plugins, no <base>
 *   hijack, no form posting elsewhere, no framing of the page by another site (clickjacking).
 *
 * Dev only (`devScriptNonce`): @vitejs/plugin-react puts its fast-refresh preamble in an inline <script>; Vite's
 * `html.cspNonce` gives it a nonce drawn when the dev server starts, and that nonce is added to script-src. The
 * built app has no inline script and gets no nonce.
 */

export type Directives = Record<string, readonly string[]>;

export const DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as a header value; `scriptNonce` (dev only) is allowed in script-src besides the directives. */
export function contentSecurityPolicy(scriptNonce?: string): string {
  return Object.entries(DIRECTIVES)
    .map(([name, sources]) => {
      const all = name === 'script-src' && scriptNonce ? [...sources, `'nonce-${scriptNonce}'`] : sources;
      return `${name} ${all.join(' ')}`;
    })
    .join('; ');
}

/**
 * Cross-origin isolation: with both headers the browser gives the page and its workers SharedArrayBuffer, through
 * which the multi-threaded kernels share one WebAssembly memory (without them training runs on one thread). COOP
 * same-origin keeps windows of other origins out of the page's browsing context group; COEP require-corp refuses a
 * subresource from another origin unless it opts in by Cross-Origin-Resource-Policy — the app loads nothing from
 * another host (default-src 'self'), so nothing it needs is refused.
 */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Every response's security headers: the policy, no guessing of content types (a .ts file is not a script), isolation. */
export function securityHeaders(scriptNonce?: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(scriptNonce),
    'X-Content-Type-Options': 'nosniff',
    ...CROSS_ORIGIN_ISOLATION,
  };
}

/** public/_headers as Netlify and Cloudflare Pages read it: every path gets the security headers. */
export function headersFile(): string {
  const lines = Object.entries(securityHeaders()).map(([name, value]) => `  ${name}: ${value}`);
  return ['# Written from scripts/csp.ts (scripts/csp.test.ts checks they agree): the headers every page and file is served with.', '/*', ...lines, ''].join('\n');
}

/**
 * Share links: a whole experiment spec in a URL fragment, `#x=<payload>`. The payload is base64url of
 *
 *   "CRN" (3 bytes) | CRC-32 of everything after it (4, big-endian) | link version (1) | raw DEFLATE of the body
 *   body = JSON length (4, big-endian) | the spec as UTF-8 JSON, masks replaced by markers | the masks' bits
 *
 * (mask-bits.ts packs the masks; the mark makes every payload start "Q1JO"). The mark and the checksum come first in
 * every link version, so a link that is damaged or cut short is told apart from one made by a newer CogRNN before
 * its version is read. The link version
 * is the container's own, apart from the spec's `version` (which the spec check reads and migrates). Decoding never
 * throws and never returns part of a link: it ends in `safeParseSpec`, so a link holds a spec the page would accept
 * or is refused with a message that names what is wrong and what is allowed.
 */
import { deflateSync, Inflate } from 'fflate';
import { crc32 } from '../io/zip.ts';
import { type ExperimentSpec, safeParseSpec } from '../spec/spec.ts';
import { fromBase64url, isBase64url, toBase64url } from './base64url.ts';
import { markedMasks, packMasks, unpackMasks } from './mask-bits.ts';

/** The version of the link container this CogRNN writes and the highest it reads. */
export const LINK_VERSION = 1;
/** The fragment of a share link starts with this (after "#"). */
export const LINK_PREFIX = 'x=';
/**
 * The most a link may expand to: the spec's JSON (task code included) plus one byte per mask entry. A task file is at
 * most 1 MB and a 1,000-unit recurrent mask 1 M entries; more would not fit the browser's storage either.
 */
export const MAX_EXPANDED_BYTES = 4_000_000;
/** The longest payload read at all (a payload that expands within the limit is far shorter). */
export const MAX_LINK_CHARS = 6_000_000;

const MAGIC = [0x43, 0x52, 0x4e]; // "CRN"
/** The mark as the payload's first four characters: three bytes are four base64url characters. */
const MARK_TEXT = toBase64url(Uint8Array.from(MAGIC));
const HEADER_BYTES = 8;
/** Compressed bytes inflated at a time, so an oversized link is stopped after a few MB, not after all of it. */
const INFLATE_CHUNK = 1024;

export type LinkProblem = 'not-a-link' | 'damaged' | 'newer' | 'too-large' | 'invalid';

export type DecodedLink = { ok: true; spec: ExperimentSpec } | { ok: false; problem: LinkProblem; message: string };

/** A spec too large for a link (encodeExperimentLink refuses it rather than write a link no page would open). */
export class LinkTooLargeError extends Error {
  override name = 'LinkTooLargeError';
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;

function tooLargeMessage(jsonBytes: number, maskCells: number): string {
  return (
    `it expands to ${megabytes(jsonBytes + maskCells)} (settings and task code ${megabytes(jsonBytes)}, masks ` +
    `${maskCells.toLocaleString('en-US')} entries); a link may expand to at most ${megabytes(MAX_EXPANDED_BYTES)}`
  );
}

/** The payload (base64url) of `spec`, with no size check: `version` other than LINK_VERSION is for tests. */
function pack(spec: unknown, version: number): { payload: string; jsonBytes: number; maskCells: number } {
  const { json, bits, cells } = packMasks(spec);
  const text = new TextEncoder().encode(JSON.stringify(json));
  const body = new Uint8Array(4 + text.length + bits.length);
  new DataView(body.buffer).setUint32(0, text.length);
  body.set(text, 4);
  body.set(bits, 4 + text.length);
  const deflated = deflateSync(body, { level: 9 });
  const bytes = new Uint8Array(HEADER_BYTES + deflated.length);
  bytes.set(MAGIC);
  bytes[7] = version;
  bytes.set(deflated, HEADER_BYTES);
  new DataView(bytes.buffer).setUint32(3, crc32(bytes.subarray(7)));
  return { payload: toBase64url(bytes), jsonBytes: text.length, maskCells: cells };
}

/**
 * The link payload of any JSON value, as the encoder writes it but without its size check and with any link
 * version: for tests that need links the page must refuse (an invalid spec inside, a newer version, an oversized one).
 */
export function packLink(spec: unknown, version = LINK_VERSION): string {
  return pack(spec, version).payload;
}

/** The fragment payload of `spec` (the page's link is `#x=` + it); throws LinkTooLargeError past the size limit. */
export function encodeExperimentLink(spec: ExperimentSpec): string {
  const { payload, jsonBytes, maskCells } = pack(spec, LINK_VERSION);
  if (jsonBytes + maskCells > MAX_EXPANDED_BYTES) throw new LinkTooLargeError(`This experiment is too large for a link: ${tooLargeMessage(jsonBytes, maskCells)}.`);
  return payload;
}

/** Whether a fragment (`location.hash`, with or without "#") is addressed to the link reader. */
export function isExperimentLinkFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(LINK_PREFIX);
}

const refuse = (problem: LinkProblem, message: string): DecodedLink => ({ ok: false, problem, message });

const damaged = (chars: number) =>
  refuse(
    'damaged',
    `This link is damaged or cut short: its checksum does not match its ${chars.toLocaleString('en-US')} characters, ` +
      'so it was probably truncated or altered when it was copied or sent. Copy the whole link again from where it was shared.',
  );

const unreadable = (why: string) =>
  refuse('damaged', `This link passes its checksum but its contents cannot be read (${why}); it was not made by CogRNN's Share.`);

/** The spec a link fragment holds, or why it is refused; never throws. */
export function decodeExperimentLink(fragment: string): DecodedLink {
  const text = fragment.replace(/^#/, '');
  if (!text.startsWith(LINK_PREFIX)) {
    return refuse('not-a-link', `This is not a CogRNN link: a link's fragment starts with "#${LINK_PREFIX}", and this one is "#${text.slice(0, 24)}${text.length > 24 ? '…' : ''}".`);
  }
  const payload = text.slice(LINK_PREFIX.length);
  if (!isBase64url(payload)) {
    const at = [...payload].findIndex((c) => !isBase64url(c));
    return refuse(
      'not-a-link',
      `This is not a CogRNN link: after "#${LINK_PREFIX}" a link holds only letters, digits, "-" and "_", and this one holds ` +
        `${JSON.stringify([...payload][at])} at character ${at + 1}. If a chat app or mail program changed it, copy the link again.`,
    );
  }
  if (payload.length > MAX_LINK_CHARS) {
    return refuse('too-large', `This link is too large: ${payload.length.toLocaleString('en-US')} characters; a link may hold at most ${MAX_LINK_CHARS.toLocaleString('en-US')}.`);
  }
  if (!payload.startsWith(MARK_TEXT)) {
    if (MARK_TEXT.startsWith(payload)) return damaged(payload.length); // cut inside the mark
    return refuse('not-a-link', `This is not a CogRNN link: its data does not start with the mark every CogRNN link starts with ("${MARK_TEXT}").`);
  }
  const bytes = fromBase64url(payload);
  if (!bytes || bytes.length <= HEADER_BYTES || new DataView(bytes.buffer).getUint32(3) !== crc32(bytes.subarray(7))) return damaged(payload.length);
  const version = bytes[7];
  if (version > LINK_VERSION) {
    return refuse('newer', `This link was made by a newer CogRNN (link version ${version}); this page reads link versions up to ${LINK_VERSION}. Open it with the CogRNN it came from, or reload to get the newest page.`);
  }
  if (version < 1) return unreadable(`link version ${version}; this page reads link versions 1 to ${LINK_VERSION}`);
  return readBody(bytes.subarray(HEADER_BYTES));
}

/** The body's bytes, inflated a chunk at a time and stopped past the size limit; or why not. */
function inflateLimited(deflated: Uint8Array): Uint8Array | DecodedLink {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    chunks.push(chunk);
    total += chunk.length;
    ended ||= final;
  });
  try {
    for (let at = 0; at < deflated.length && total <= MAX_EXPANDED_BYTES; at += INFLATE_CHUNK) {
      inflate.push(deflated.subarray(at, at + INFLATE_CHUNK), at + INFLATE_CHUNK >= deflated.length);
    }
  } catch (error) {
    return unreadable(`its compressed data is broken: ${(error as Error).message}`);
  }
  if (total > MAX_EXPANDED_BYTES) return refuse('too-large', `This link is too large: a link may expand to at most ${megabytes(MAX_EXPANDED_BYTES)}, and this one expands to more.`);
  if (!ended) return unreadable('its compressed data ends early');
  const body = new Uint8Array(total);
  chunks.reduce((at, chunk) => (body.set(chunk, at), at + chunk.length), 0);
  return body;
}

function readBody(deflated: Uint8Array): DecodedLink {
  const body = inflateLimited(deflated);
  if (!(body instanceof Uint8Array)) return body;
  if (body.length < 4) return unreadable('it holds no spec');
  const jsonBytes = new DataView(body.buffer, body.byteOffset).getUint32(0);
  if (4 + jsonBytes > body.length) return unreadable(`its spec is said to be ${jsonBytes} bytes but ${body.length - 4} are there`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(4, 4 + jsonBytes)));
  } catch (error) {
    return unreadable(`its spec is not JSON: ${(error as Error).message}`);
  }
  const masks = markedMasks(json);
  if (typeof masks === 'string') return unreadable(masks);
  const cells = masks.reduce((n, m) => n + m.cells, 0);
  if (jsonBytes + cells > MAX_EXPANDED_BYTES) return refuse('too-large', `This link's experiment is too large: ${tooLargeMessage(jsonBytes, cells)}.`);
  const misfit = unpackMasks(json, body.subarray(4 + jsonBytes));
  if (misfit) return unreadable(misfit);
  const parsed = safeParseSpec(json);
  if (!parsed.ok) return refuse('invalid', `The link's experiment is invalid: ${parsed.error.message.split('\n').join('; ')}`);
  return { ok: true, spec: parsed.spec };
}

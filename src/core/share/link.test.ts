import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constraintsWithMasks, masksFromConstraints } from '../masks/mask-set.ts';
import { applyPreset, fixedExcitatoryInhibitory, type PresetResult, randomSparse, regions } from '../masks/presets.ts';
import { defaultSpec, type ExperimentSpec, parseSpec, SPEC_VERSION } from '../spec/spec.ts';
import { BUILTIN_TASK_NAMES } from '../tasks/registry.ts';
import { fromBase64url, toBase64url } from './base64url.ts';
import { decodeExperimentLink, encodeExperimentLink, LINK_PREFIX, LINK_VERSION, LinkTooLargeError, MAX_EXPANDED_BYTES, packLink } from './link.ts';

const fragment = (payload: string) => `#${LINK_PREFIX}${payload}`;

function roundTrip(spec: ExperimentSpec): ExperimentSpec {
  const decoded = decodeExperimentLink(fragment(encodeExperimentLink(spec)));
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.spec;
}

const paintOf = (result: PresetResult) => {
  if (!result.ok) throw new Error(result.message);
  return result.paint;
};

/** A task file with what a byte-for-byte round trip must keep: non-ASCII text, CRLF and tab, a trailing space. */
const CUSTOM_SOURCE =
  "import { defineTask } from 'cogrnn';\r\n// τ = 100 ms → α = dt/τ; ±coherence; «quotes» and 😀 \t \n" +
  "export default defineTask({ name: 'Tiny', N_in: 2, N_out: 2, timing: { go: 100 },\n" +
  '  trialFunction(time, p, step) { step.mask.fill(1); } });\n';

/** N_rec 256 with two regions, random sparse W_rec, fixed E→I, and a custom task. */
function paintedCustomSpec(): ExperimentSpec {
  const base = parseSpec({
    version: SPEC_VERSION,
    seed: 7,
    task: { name: 'custom', source: CUSTOM_SOURCE, file: 'tiny.ts', N_in: 2, N_out: 2, T: 500, options: { level: 0.5 } },
    model: { N_rec: 256, constraints: { dale_ratio: 0.8 } },
  });
  const shape = { N_rec: 256, N_in: 2, N_out: 2 };
  let masks = masksFromConstraints(base.model.constraints, shape);
  const region = { sizes: [128, 128], density: [[0.5, 0], [0.2, 0.5]], inputs: [true, false], outputs: [false, true], excitatory: 204 };
  masks = applyPreset(masks, paintOf(regions(shape, region, 3)));
  masks = applyPreset(masks, paintOf(randomSparse(shape, 0.9, 4)));
  masks = applyPreset(masks, paintOf(fixedExcitatoryInhibitory(shape, 0.8, { eToI: true, iToE: false })));
  const constraints = constraintsWithMasks(base.model.constraints, masks);
  return parseSpec({ ...base, model: { ...base.model, constraints: { ...constraints, fixed_weights: { ...constraints.fixed_weights, b_out: [1, 0] } } } });
}

describe('share links: round trips', () => {
  it.each(BUILTIN_TASK_NAMES)("opens %s's default experiment exactly as it was shared", (name) => {
    const spec = parseSpec({ version: SPEC_VERSION, task: { name } });
    expect(roundTrip(spec)).toEqual(spec);
  });

  it('keeps a curriculum: its stages, thresholds, metric and epoch', () => {
    const spec = parseSpec({
      version: SPEC_VERSION,
      seed: 2020,
      task: { name: 'PerceptualDiscrimination' },
      curriculum: { stages: [0.7, 0.4, 0.1].map((coherence) => ({ name: 'PerceptualDiscrimination', coherence })), thresholds: [0.9, 0.85, 0.8], metric_epoch: 2 },
    });
    expect(roundTrip(spec)).toEqual(spec);
  });

  it('keeps N_rec 256 with painted masks, a fixed-weight vector and a custom task, its source byte for byte', () => {
    const spec = paintedCustomSpec();
    const rec = spec.model.constraints.rec_connectivity!;
    expect(rec.flat().filter((c) => c === 0).length).toBeGreaterThan(5_000); // the presets did paint
    const opened = roundTrip(spec);
    expect(opened).toEqual(spec);
    const task = opened.task as unknown as { source: string };
    expect(new TextEncoder().encode(task.source)).toEqual(new TextEncoder().encode(CUSTOM_SOURCE));
    // 65,536 + 512 + 512 + 65,536 mask entries at a bit each, and the rest compressed: it stays a link a browser opens
    expect(encodeExperimentLink(spec).length).toBeLessThan(60_000);
  });

  it("keeps the default experiment's whole address under 2,000 characters", () => {
    const spec = { ...defaultSpec(), name: 'Perceptual discrimination (paper Fig. 2)', seed: 2020 };
    const url = `http://localhost:5173/${fragment(encodeExperimentLink(spec))}`;
    expect(url.length).toBeLessThan(2000);
  });
});

describe('share links: refusals', () => {
  const good = encodeExperimentLink(defaultSpec());

  it('says a fragment that is not a link is not one, and what a link starts with', () => {
    const plain = decodeExperimentLink('#results');
    expect(plain).toMatchObject({ ok: false, problem: 'not-a-link' });
    expect(!plain.ok && plain.message).toContain('starts with "#x="');
    const odd = decodeExperimentLink(fragment('abc.def'));
    expect(!odd.ok && odd.message).toContain('"." at character 4');
    expect(decodeExperimentLink(fragment('aGVsbG8gd29ybGQ'))).toMatchObject({ ok: false, problem: 'not-a-link' });
    const hello = decodeExperimentLink(fragment('hello-world'));
    expect(!hello.ok && hello.message).toBe('This is not a CogRNN link: its data does not start with the mark every CogRNN link starts with ("Q1JO").');
    expect(decodeExperimentLink(fragment(''))).toMatchObject({ ok: false, problem: 'damaged' }); // cut right after #x=
  });

  it('says a truncated link is damaged or cut short', () => {
    const cut = decodeExperimentLink(fragment(good.slice(0, -5)));
    expect(cut).toMatchObject({ ok: false, problem: 'damaged' });
    expect(!cut.ok && cut.message).toMatch(/damaged or cut short: its checksum does not match its [\d,]+ characters/);
  });

  it('names the link version of a newer CogRNN and the highest this one reads', () => {
    const newer = decodeExperimentLink(fragment(packLink(defaultSpec(), LINK_VERSION + 4)));
    expect(newer).toEqual({
      ok: false,
      problem: 'newer',
      message: `This link was made by a newer CogRNN (link version ${LINK_VERSION + 4}); this page reads link versions up to ${LINK_VERSION}. Open it with the CogRNN it came from, or reload to get the newest page.`,
    });
  });

  it('refuses a link that expands past the limit, naming the limit, and will not write one', () => {
    const huge = { ...defaultSpec(), task: { name: 'custom', source: `// ${'x'.repeat(MAX_EXPANDED_BYTES)}\n`, file: 'big.ts', N_in: 3, N_out: 2 } };
    const payload = packLink(huge);
    expect(payload.length).toBeLessThan(20_000); // compresses well: only the expansion limit stops it
    const opened = decodeExperimentLink(fragment(payload));
    expect(opened).toMatchObject({ ok: false, problem: 'too-large' });
    expect(!opened.ok && opened.message).toContain('at most 4.0 MB');
    expect(() => encodeExperimentLink(parseSpec(huge))).toThrow(LinkTooLargeError);
  });

  it("says which field of the link's experiment the spec check refuses", () => {
    const invalid = decodeExperimentLink(fragment(packLink({ ...defaultSpec(), model: { ...defaultSpec().model, N_rec: -3 } })));
    expect(invalid).toMatchObject({ ok: false, problem: 'invalid' });
    expect(!invalid.ok && invalid.message).toMatch(/^The link's experiment is invalid: model\.N_rec: got -3; must be an integer ≥ 1/);
  });
});

describe('share links: damage is refused, never half-read', () => {
  const spec = paintedCustomSpec();
  const small = { ...defaultSpec(), seed: 99 };

  const expectRefused = (text: string) => {
    const decoded = decodeExperimentLink(fragment(text));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.message.length).toBeGreaterThan(20);
  };

  it.each([
    ['the default experiment', small],
    ['N_rec 256 with masks and code', spec],
  ])('refuses %s with any bit of its bytes flipped', (_, shared) => {
    const bytes = fromBase64url(encodeExperimentLink(shared))!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length * 8 - 1 }), fc.integer({ min: 0, max: 2 }), (bit, extra) => {
        const flipped = bytes.slice();
        for (let k = 0; k <= extra; k++) flipped[((bit + k * 997) >> 3) % flipped.length] ^= 1 << ((bit + k * 997) & 7);
        expectRefused(toBase64url(flipped));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses the link with any bit of any character flipped, or cut anywhere', () => {
    const text = encodeExperimentLink(small);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.integer({ min: 0, max: 6 }), (at, bit) => {
        const char = String.fromCharCode(text.charCodeAt(at) ^ (1 << bit));
        expectRefused(text.slice(0, at) + char + text.slice(at + 1));
        expectRefused(text.slice(0, at));
      }),
      { numRuns: 500 },
    );
  });
});

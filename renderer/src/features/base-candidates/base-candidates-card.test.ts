import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BaseCandidatesCard, baseBars, shortImage } from './base-candidates-card';
import { SAMPLE_BASE_ROWS } from './sample-rows';
import { finalImageOf } from './use-base-choice';

describe('BaseCandidatesCard', () => {
  it('draws a bar per built candidate, coloured by verdict data, and leaves out the unbuilt', () => {
    const bars = baseBars(SAMPLE_BASE_ROWS);
    expect(bars.map((b) => [b.label, b.sizeBytes, b.status, b.chosen])).toEqual([
      ['debian:bookworm-slim', 80_543_093, 'pass', false],
      ['distroless/static-debian12', 8_054_093, 'fail', false],
      ['distroless/base-debian12', 26_328_751, 'pass', true],
    ]);
    expect(shortImage('python:3.9-slim')).toBe('python:3.9-slim');
  });

  it('lists every candidate with its verdict and evidence; only passing ones not in the editor can be picked', () => {
    const html = renderToStaticMarkup(
      createElement(BaseCandidatesCard, {
        rows: SAMPLE_BASE_ROWS,
        currentImage: 'gcr.io/distroless/base-debian12',
        onPick: () => undefined,
      }),
    );
    expect(html.match(/data-testid="base-row"/g)).toHaveLength(4);
    expect(html).toContain(
      'data-image="gcr.io/distroless/base-debian12" data-status="pass" data-chosen="true"',
    );
    expect(html).toContain('fails runtime-libraries');
    expect(html).toContain('libc.so.6 (needed by /app/server)');
    expect(html).toContain('not built');
    // debian:bookworm-slim passed and is not in the editor: one "Use this base" button; base is "in the editor".
    expect(html.match(/data-testid="pick-base"/g)).toHaveLength(1);
    expect(html).toContain('in the editor');
  });

  it('renders nothing without candidates', () => {
    expect(renderToStaticMarkup(createElement(BaseCandidatesCard, { rows: [] }))).toBe('');
  });
});

describe('finalImageOf', () => {
  it('reads the final FROM image, or null when the text does not parse', () => {
    expect(finalImageOf('FROM golang:1.19 AS b\nFROM gcr.io/distroless/base-debian12\nCMD ["/x"]\n')).toBe(
      'gcr.io/distroless/base-debian12',
    );
    expect(finalImageOf('')).toBeNull();
  });
});

/** The findings cards: each estimate with its source; a measured saving shown in its place. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MeasuredSaving } from '../../../../shared/api/verify';
import { optimize } from '../../../../shared/optimizer';
import { FindingsPanel } from './findings-panel';

const text = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCMD ["curl"]\n';
const render = (measured?: MeasuredSaving[], baseImages?: Record<string, { sizeBytes: number }>) =>
  renderToStaticMarkup(
    createElement(FindingsPanel, {
      findings: optimize(text, { files: [], dockerignore: '.git\n', ...(baseImages ? { baseImages } : {}) })
        .findings,
      disabled: [],
      onToggle: () => undefined,
      analysis: { text: '', findings: [], error: null } as never,
      reanalysing: false,
      onReveal: () => undefined,
      ...(measured ? { measured } : {}),
    }),
  );

describe('FindingsPanel savings', () => {
  it("says a base swap's figure is a catalog estimate of Docker Hub's images without daemon facts", () => {
    const html = render();
    expect(html).toMatch(
      /data-rule="WH001"[^]*?≈ 42 MB <span class="muted small">catalog \(Docker Hub&#x27;s images\)/,
    );
  });

  it("uses the daemon's sizes when the project carries them", () => {
    const html = render(undefined, {
      'debian:bookworm': { sizeBytes: 89_649_181 },
      'debian:bookworm-slim': { sizeBytes: 74_026_256 },
    });
    expect(html).toMatch(
      /data-rule="WH001"[^]*?≈ 15.6 MB <span class="muted small">daemon&#x27;s image sizes/,
    );
  });

  it('shows the measured saving in place of an estimate far above it, the estimate struck beside it', () => {
    const html = render([
      { ruleId: 'WH021', title: 'recommends', estimatedBytes: 30_000_000, measuredBytes: 700_000 },
    ]);
    const from = html.indexOf('data-rule="WH021"');
    const next = html.indexOf('data-rule=', from + 10);
    const card = html.slice(from, next > 0 ? next : undefined);
    expect(card).toMatch(/class="savings far-below" data-testid="measured"/);
    expect(card).toMatch(/700 kB measured/);
    expect(card).toMatch(/\(estimated ≈ 30 MB, typical figure\)/);
    expect(card).not.toContain('data-testid="estimate"');
  });
});

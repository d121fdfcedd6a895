/** Page object: build progress, the layer chart and a layer's files. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ResultsPage {
  readonly chart: Locator;
  constructor(readonly page: Page) {
    this.chart = page.getByTestId('layer-chart');
  }

  async waitBuilt(timeout: number): Promise<void> {
    const panel = this.page.getByTestId('build-panel');
    await expect(panel).toBeVisible();
    await expect(panel).not.toHaveAttribute('data-phase', 'running', { timeout });
    const phase = await panel.getAttribute('data-phase');
    if (phase !== 'done') {
      const log = await this.page
        .getByTestId('build-log')
        .innerText()
        .catch(() => '');
      const failed = await this.page
        .getByTestId('build-failed')
        .innerText()
        .catch(() => '');
      throw new Error(`build ended in phase ${phase}: ${failed}\n${log.slice(-3000)}`);
    }
    await expect(this.chart).toBeVisible();
  }

  /** Layer bars per image, as the chart reports them. */
  async layerCounts(): Promise<{ original: number; optimized: number }> {
    const bars = this.page.getByTestId('layer-bars');
    return {
      original: Number(await bars.getAttribute('data-original-layers')),
      optimized: Number(await bars.getAttribute('data-optimized-layers')),
    };
  }

  bars(): Locator {
    return this.page.locator('[data-testid=layer-bars] .recharts-bar-rectangle');
  }

  async reduction(): Promise<string> {
    return this.page.getByTestId('reduction').innerText();
  }

  /** Clicks the largest visible bar (the most interesting layer) and waits for its files. */
  async openLargestLayer(): Promise<Locator> {
    const rects = this.bars().locator('path');
    const widths = await rects.evaluateAll((els) =>
      els.map((e) => (e as SVGGraphicsElement).getBBox().width),
    );
    const i = widths.indexOf(Math.max(...widths));
    await rects.nth(i).click();
    const panel = this.page.getByTestId('layer-files');
    await expect(panel).toBeVisible();
    return panel;
  }
}

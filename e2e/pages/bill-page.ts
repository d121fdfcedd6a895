/** Page object: the bill of bytes of a compare — both treemaps, the hover card, owner lists, drill-down. */
import { expect, type Locator, type Page } from '@playwright/test';

export type Variant = 'original' | 'optimized';

export class BillPage {
  readonly panel: Locator;
  readonly tooltip: Locator;
  readonly ownerPanel: Locator;
  constructor(readonly page: Page) {
    this.panel = page.getByTestId('bill-panel');
    this.tooltip = page.getByTestId('bill-tooltip');
    this.ownerPanel = page.getByTestId('bill-owner-panel');
  }

  treemap(variant: Variant): Locator {
    return this.page.getByTestId(`bill-treemap-${variant}`);
  }

  cells(variant: Variant): Locator {
    return this.treemap(variant).getByTestId('bill-cell');
  }

  cell(variant: Variant, owner: string): Locator {
    return this.treemap(variant).locator(`[data-testid=bill-cell][data-owner="${owner}"]`);
  }

  /** The owner buttons of one image's list (the keyboard route). */
  owners(variant: Variant): Locator {
    return this.page.getByTestId(`bill-owners-${variant}`).getByTestId('bill-owner');
  }

  /** The cell with the largest area (the largest owner) of one treemap. */
  async largestCell(variant: Variant): Promise<Locator> {
    const cells = this.cells(variant);
    await expect(cells.first()).toBeVisible();
    const areas = await cells.evaluateAll((els) =>
      els.map((e) => {
        const r = (e as SVGGraphicsElement).getBBox();
        return r.width * r.height;
      }),
    );
    return cells.nth(areas.indexOf(Math.max(...areas)));
  }

  /** Hovers a cell and returns the hover card's owner, bytes and share texts. */
  async hover(cell: Locator): Promise<{ owner: string; bytes: string; share: string }> {
    await cell.hover();
    await expect(this.tooltip).toBeVisible();
    return {
      owner: await this.tooltip.getByTestId('bill-tooltip-owner').innerText(),
      bytes: await this.tooltip.getByTestId('bill-tooltip-bytes').innerText(),
      share: await this.tooltip.getByTestId('bill-tooltip-share').innerText(),
    };
  }

  /** The list row of an owner: its bytes and share cells. */
  async listRow(variant: Variant, owner: string): Promise<{ bytes: string; share: string }> {
    const row = this.page
      .getByTestId(`bill-owners-${variant}`)
      .locator('tr', { has: this.page.locator(`[data-testid=bill-owner][data-owner="${owner}"]`) });
    const cells = row.locator('td');
    return { bytes: await cells.nth(2).innerText(), share: await cells.nth(3).innerText() };
  }
}

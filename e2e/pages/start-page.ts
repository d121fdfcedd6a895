/** Page object: the start screen. */
import { expect, type Locator, type Page } from '@playwright/test';

export class StartPage {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('start-screen');
  }

  async waitLoaded(): Promise<void> {
    await expect(this.root).toBeVisible();
    await expect(this.page.getByTestId('examples')).toBeVisible();
  }

  example(name: string): Locator {
    return this.page.getByTestId(`example-${name}`);
  }

  async openExample(name: string): Promise<void> {
    await this.example(name).click();
  }

  async openPath(dir: string): Promise<void> {
    await this.page.getByTestId('path-input').fill(dir);
    await this.page.getByTestId('path-open').click();
  }
}

/** Page object: the export dialog. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ExportDialog {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('export-dialog');
  }

  async replaceDockerfile(): Promise<void> {
    await this.page.getByTestId('target-overwrite').check();
    await this.page.getByTestId('export-save').click();
    await expect(this.page.getByTestId('confirm-overwrite')).toBeVisible();
    await this.page.getByTestId('export-save').click();
  }

  async saveAsWhittle(): Promise<void> {
    await this.page.getByTestId('target-whittle').check();
    await this.page.getByTestId('export-save').click();
  }

  async savedMessage(): Promise<string> {
    const saved = this.page.getByTestId('export-saved');
    await expect(saved).toBeVisible();
    return saved.innerText();
  }

  async close(): Promise<void> {
    await this.page.getByTestId('export-close').click();
    await expect(this.root).toBeHidden();
  }
}

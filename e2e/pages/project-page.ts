/** Page object: an open project — findings, fix toggles and the diff editor. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Monaco renders spaces as NBSP and only the visible lines; good enough for short Dockerfiles. */
const normalise = (s: string) => s.replace(/\u00a0/g, ' ');

export class ProjectPage {
  readonly findings: Locator;
  readonly diff: Locator;
  constructor(readonly page: Page) {
    this.findings = page.getByTestId('finding');
    this.diff = page.getByTestId('diff-editor');
  }

  async waitReady(timeout = 20_000): Promise<void> {
    await expect(this.page.getByTestId('project-view')).toBeVisible({ timeout });
    await expect(this.diff).toHaveAttribute('data-ready', 'true', { timeout });
  }

  finding(ruleId: string): Locator {
    return this.page.locator(`[data-testid=finding][data-rule="${ruleId}"]`);
  }

  async findingRuleIds(): Promise<string[]> {
    return this.findings.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') ?? ''));
  }

  async toggleFix(ruleId: string): Promise<void> {
    await this.page.getByTestId(`toggle-${ruleId}`).click();
  }

  /** The notice shown when a toggled fix replaced the user's edits to the optimized text. */
  editsReplaced(): Locator {
    return this.page.getByTestId('edits-replaced');
  }

  /** Undo in that notice: the edits and the fix settings from before come back. */
  async undoEditsReplaced(): Promise<void> {
    await this.editsReplaced().getByRole('button', { name: /^Undo/ }).click();
  }

  private side(which: 'original' | 'modified'): Locator {
    return this.diff.locator(`.editor.${which} .view-lines`);
  }

  async text(which: 'original' | 'modified'): Promise<string> {
    return normalise(await this.side(which).innerText());
  }

  /** Types at the end of the optimized (right) editor. */
  async appendToOptimized(text: string): Promise<void> {
    await this.side('modified').click();
    await this.page.keyboard.press('ControlOrMeta+End');
    await this.page.keyboard.press('End');
    await this.page.keyboard.insertText(text);
  }

  /** Types at the end of the optimized editor key by key, as fast as the keyboard goes. */
  async typeIntoOptimized(text: string): Promise<void> {
    await this.side('modified').click();
    await this.page.keyboard.press('ControlOrMeta+End');
    await this.page.keyboard.press('End');
    await this.page.keyboard.type(text, { delay: 0 });
  }

  /** Waits until the debounced re-analysis has caught up with the editor. */
  async waitAnalysed(): Promise<void> {
    await expect(this.page.getByTestId('remaining')).toHaveAttribute('data-analysing', 'false');
  }

  async remainingCount(): Promise<number> {
    await this.waitAnalysed();
    return Number(await this.page.getByTestId('remaining-count').innerText());
  }

  remainingRules(): Locator {
    return this.page.getByTestId('remaining-finding');
  }

  async startBuild(): Promise<void> {
    await this.page.getByTestId('build-compare').click();
  }

  async openExport(): Promise<void> {
    await this.page.getByTestId('export-open').click();
    await expect(this.page.getByTestId('export-dialog')).toBeVisible();
  }
}

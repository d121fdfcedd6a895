/**
 * Toggling a fix regenerates the optimized Dockerfile from the original. When the user had typed
 * into it, the edits must not vanish silently: a notice says so and its Undo brings them back
 * together with the fix settings from before. Without edits, a toggle shows no notice.
 */
import { expect, test } from './fixtures';
import { ProjectPage } from './pages/project-page';
import { StartPage } from './pages/start-page';

test('a toggle that replaces manual edits says so and can be undone', async ({ app }) => {
  const start = new StartPage(app);
  await start.waitLoaded();
  await start.openExample('flask-api');
  const project = new ProjectPage(app);
  await project.waitReady();
  const toggle = app.getByTestId('toggle-WH001');
  await expect(toggle).toBeChecked();

  // No edits: the toggle just regenerates the text, and there is nothing to tell the user.
  const generated = await project.text('modified');
  await project.toggleFix('WH001');
  await expect.poll(() => project.text('modified')).not.toBe(generated);
  await expect(project.editsReplaced()).toHaveCount(0);
  await project.toggleFix('WH001');
  await expect.poll(() => project.text('modified')).toBe(generated);
  await expect(project.editsReplaced()).toHaveCount(0);

  // Type an edit, then toggle: the regenerated text replaces it, and a notice says so.
  const typed = '# my own note, typed by hand';
  await project.appendToOptimized(`\n${typed}`);
  await expect.poll(() => project.text('modified')).toContain(typed);
  await project.toggleFix('WH001');
  await expect(toggle).not.toBeChecked();
  await expect.poll(() => project.text('modified')).not.toContain(typed);
  const notice = project.editsReplaced();
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toContainText('Your edits to the optimized Dockerfile were replaced');

  // Undo: the typed text and the previous toggle state come back; the notice goes.
  await project.undoEditsReplaced();
  await expect.poll(() => project.text('modified')).toContain(typed);
  await expect(toggle).toBeChecked();
  await expect(notice).toHaveCount(0);
  await expect(app.getByTestId('unsaved')).toContainText('edited by you');

  // Dismiss hides the notice and leaves the regenerated text as it is.
  await project.toggleFix('WH001');
  await expect.poll(() => project.text('modified')).not.toContain(typed);
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await expect(toggle).not.toBeChecked();
  expect(await project.text('modified')).not.toContain(typed);
});

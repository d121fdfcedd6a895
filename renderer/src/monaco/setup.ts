/**
 * Monaco, bundled locally: the editor core plus only the contributions this app uses (diff
 * editor, hover for finding markers, find, clipboard, context menu, folding) and the
 * Dockerfile language. `editor.main` would pull in every language and the TypeScript worker
 * — megabytes we never use.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/languages/definitions/dockerfile/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

// The only worker we need: the generic editor worker (it computes diffs). Set before any
// editor is created; Vite bundles the worker as a same-origin file (CSP: worker-src 'self').
self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
export type Monaco = typeof monaco;

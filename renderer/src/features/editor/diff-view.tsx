/**
 * Side-by-side Monaco diff: the original Dockerfile on the left (read-only), the optimized one
 * on the right (editable). The component owns the editor and its two models; React owns the
 * texts. Text pushed in from outside (a toggled fix) is applied as an undoable edit.
 */
import { useEffect, useRef, useState } from 'react';
import type { WhittleError } from '../../../../shared/api/result';
import type { Finding } from '../../../../shared/rules/types';
import { useColorScheme } from '../../lib/use-color-scheme';
import { monaco } from '../../monaco/setup';
import { setFindingMarkers } from './markers';

interface Props {
  original: string;
  modified: string;
  onModifiedChange: (text: string) => void;
  originalFindings: Finding[];
  originalError: WhittleError | null;
  modifiedFindings: Finding[];
  modifiedError: WhittleError | null;
  /** Bumping `nonce` reveals `line` in the original editor. */
  reveal: { line: number; nonce: number } | null;
}

export function DiffView(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const applying = useRef(false);
  /**
   * Texts the editor itself reported since the parent last pushed one: when the parent passes one
   * of them back it is an echo of the user's own typing, possibly already overtaken by more keys,
   * and must not be written over what is in the editor now.
   */
  const echoes = useRef(new Set<string>());
  const onChange = useRef(props.onModifiedChange);
  onChange.current = props.onModifiedChange;
  const [ready, setReady] = useState(false);
  const scheme = useColorScheme();

  // Create the editor and models once per mount; the parent remounts per Dockerfile.
  useEffect(() => {
    const el = host.current as HTMLDivElement;
    const editor = monaco.editor.createDiffEditor(el, {
      automaticLayout: true,
      originalEditable: false,
      readOnly: false,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      renderOverviewRuler: false,
      ignoreTrimWhitespace: false,
      glyphMargin: false,
    });
    const original = monaco.editor.createModel(props.original, 'dockerfile');
    const modified = monaco.editor.createModel(props.modified, 'dockerfile');
    editor.setModel({ original, modified });
    editorRef.current = editor;
    const subs = [
      modified.onDidChangeContent(() => {
        if (applying.current) return;
        const text = modified.getValue();
        if (echoes.current.size > 256) echoes.current.clear();
        echoes.current.add(text);
        onChange.current(text);
      }),
      editor.onDidUpdateDiff(() => setReady(true)),
    ];
    return () => {
      subs.forEach((s) => s.dispose());
      editor.dispose();
      original.dispose();
      modified.dispose();
      editorRef.current = null;
    };
    // Texts are synced by the effects below; recreating the editor per keystroke would lose undo.
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel()?.original;
    if (model && model.getValue() !== props.original) model.setValue(props.original);
  }, [props.original]);

  useEffect(() => {
    const model = editorRef.current?.getModel()?.modified;
    if (!model || model.getValue() === props.modified) return;
    if (echoes.current.has(props.modified)) return;
    echoes.current.clear();
    applying.current = true;
    try {
      model.pushStackElement();
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: props.modified }], () => null);
      model.pushStackElement();
    } finally {
      applying.current = false;
    }
  }, [props.modified]);

  useEffect(() => {
    const model = editorRef.current?.getModel()?.original;
    if (model) setFindingMarkers(model, props.originalFindings, props.originalError);
  }, [props.originalFindings, props.originalError, props.original]);

  useEffect(() => {
    const model = editorRef.current?.getModel()?.modified;
    if (model) setFindingMarkers(model, props.modifiedFindings, props.modifiedError);
  }, [props.modifiedFindings, props.modifiedError]);

  useEffect(() => {
    monaco.editor.setTheme(scheme === 'dark' ? 'vs-dark' : 'vs');
  }, [scheme]);

  useEffect(() => {
    if (!props.reveal) return;
    const ed = editorRef.current?.getOriginalEditor();
    ed?.revealLineInCenter(props.reveal.line);
    ed?.setSelection(new monaco.Range(props.reveal.line, 1, props.reveal.line, 1));
  }, [props.reveal]);

  return (
    <div className="diff-wrap">
      <div className="diff-titles">
        <span>Original</span>
        <span>Optimized (editable)</span>
      </div>
      <div
        ref={host}
        className="diff-editor"
        data-testid="diff-editor"
        data-ready={ready ? 'true' : 'false'}
      />
    </div>
  );
}

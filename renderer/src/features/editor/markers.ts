/** Findings and parse errors → Monaco markers (squiggles with the rule's explanation on hover). */
import type { WhittleError } from '../../../../shared/api/result';
import type { Finding, Severity } from '../../../../shared/rules/types';
import { parseLocation } from '../../lib/errors';
import { monaco } from '../../monaco/setup';
import { ruleMeta } from '../findings/rule-meta';

const OWNER = 'whittle';

const severityOf = (s: Severity): monaco.MarkerSeverity =>
  s === 'error'
    ? monaco.MarkerSeverity.Error
    : s === 'warning'
      ? monaco.MarkerSeverity.Warning
      : monaco.MarkerSeverity.Info;

/** Replaces Whittle's markers on `model`. Project-level findings (line 0) have no line to mark. */
export function setFindingMarkers(
  model: monaco.editor.ITextModel,
  findings: Finding[],
  error: WhittleError | null,
): void {
  const lines = model.getLineCount();
  const clamp = (l: number) => Math.min(Math.max(l, 1), lines);
  const markers: monaco.editor.IMarkerData[] = findings
    .filter((f) => f.line > 0)
    .map((f) => {
      const start = clamp(f.line);
      const end = clamp(Math.max(f.endLine, f.line));
      const meta = ruleMeta(f.ruleId);
      return {
        severity: severityOf(f.severity),
        message: `${f.message}${meta?.hadolint ? ` (${meta.hadolint})` : ''}`,
        source: f.ruleId,
        code: f.ruleId,
        startLineNumber: start,
        startColumn: 1,
        endLineNumber: end,
        endColumn: model.getLineMaxColumn(end),
      };
    });
  if (error) {
    const loc = parseLocation(error) ?? { line: 1, column: 1 };
    const line = clamp(loc.line);
    markers.push({
      severity: monaco.MarkerSeverity.Error,
      message: error.message,
      source: 'parse',
      startLineNumber: line,
      startColumn: Math.max(1, loc.column),
      endLineNumber: line,
      endColumn: model.getLineMaxColumn(line),
    });
  }
  monaco.editor.setModelMarkers(model, OWNER, markers);
}

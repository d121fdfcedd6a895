/**
 * Everything for one Dockerfile: findings with fix toggles, the diff editor, build & compare,
 * the layer chart with layer files, smoke test, config differences and export. Mounted with a
 * key per project+Dockerfile, so switching resets all of it.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DockerfileEntry, ProjectInfo, SaveFileResult } from '../../../../shared/api/contract';
import { groundEstimates } from '../../../../shared/optimizer/ground-estimates';
import { hintFor, parseLocation } from '../../lib/errors';
import { api } from '../../api';
import { BuildPanel } from '../build/build-panel';
import { BuiltImages } from '../build/built-images';
import { useCompare } from '../build/use-compare';
import { LayerFilesPanel } from '../chart/layer-files-panel';
import { useLayerFiles } from '../chart/use-layer-files';
import { DiffView } from '../editor/diff-view';
import { ExportDialog } from '../export/export-dialog';
import { joinPath } from '../export/join-path';
import { reportMarkdown } from '../export/report-markdown';
import { FindingsPanel } from '../findings/findings-panel';
import { useBaseChoice } from '../base-candidates/use-base-choice';
import { useOptimizer } from '../optimize/use-optimizer';
import { ConfigDiff } from '../results/config-diff';
import { SmokeResult } from '../results/smoke-result';
import { useShortcuts } from '../shortcuts/use-shortcuts';

// recharts (~450 kB) is needed only after a build: load it then, not before the diff view.
const VerificationPanel = lazy(() =>
  import('../verify/verification-panel').then((m) => ({ default: m.VerificationPanel })),
);
const LayerChart = lazy(() => import('../chart/layer-chart').then((m) => ({ default: m.LayerChart })));
const BillSection = lazy(() => import('../bill/bill-section').then((m) => ({ default: m.BillSection })));

interface Props {
  project: ProjectInfo;
  dockerfile: DockerfileEntry;
  buildkit: boolean;
  dockerReachable: boolean;
  onOpenShortcut: () => void;
  /** Whittle wrote the project's .dockerignore with this text (the project then uses it). */
  onDockerignoreSaved?: (text: string) => void;
  /** A build failed because Docker is not reachable: the status is asked again. */
  onDockerLost?: () => void;
}

export function DockerfileWorkspace({
  project,
  dockerfile,
  buildkit,
  dockerReachable,
  onOpenShortcut,
  onDockerignoreSaved,
  onDockerLost,
}: Props) {
  // A Dockerfile that does not parse (or is empty) is fixed by the user in the right editor: once
  // that text parses it becomes the original this workspace optimizes, builds and exports.
  const [repaired, setRepaired] = useState<string | null>(null);
  const original = repaired ?? dockerfile.text;
  const opt = useOptimizer(original, project.context, buildkit, project.config);
  const compare = useCompare();
  const [keepImages, setKeepImages] = useState(false);
  // A reload mid-compare: the Node side still runs it; show it again (progress, then the result).
  const { attach } = compare;
  useEffect(() => {
    let live = true;
    void api.projectSession(project.dir).then((r) => {
      if (!live || !r.ok) return;
      setKeepImages(r.value.keepImages);
      const active = r.value.compare;
      if (active && (active.dockerfile === undefined || active.dockerfile === dockerfile.name))
        void attach(active);
    });
    return () => {
      live = false;
    };
  }, [project.dir, dockerfile.name, attach]);
  const onKeepImages = useCallback(
    (keep: boolean) => {
      setKeepImages(keep);
      void api.setKeepImages(project.dir, keep).then((r) => {
        if (r.ok) setKeepImages(r.value.keepImages);
      });
    },
    [project.dir],
  );
  const lost = compare.error?.code === 'DOCKER_UNREACHABLE' ? compare.error : null;
  useEffect(() => {
    if (lost) onDockerLost?.();
  }, [lost, onDockerLost]);
  const layers = useLayerFiles();
  const [exporting, setExporting] = useState(false);
  const [savedText, setSavedText] = useState<string | null>(null);
  const [reveal, setReveal] = useState<{ line: number; nonce: number } | null>(null);

  // Once the original is built, each finding's estimate is grounded in its layer (what is there).
  const builtOriginal =
    compare.report && compare.builtFor?.original === original ? compare.report.original : null;
  const generated = opt.generated.ok ? opt.generated.result : null;
  const result = useMemo(
    () =>
      generated && builtOriginal
        ? { ...generated, findings: groundEstimates(generated.findings, builtOriginal) }
        : generated,
    [generated, builtOriginal],
  );
  const parseError = opt.generated.ok ? null : opt.generated.error;
  const fixedText =
    parseError && opt.edited && !opt.reanalysing && !opt.analysis.error && opt.analysis.text === opt.text
      ? opt.text
      : null;
  useEffect(() => {
    if (fixedText !== null) setRepaired(fixedText);
  }, [fixedText]);
  const unsaved = opt.text !== savedText;
  const building = compare.phase === 'running';
  // Results of a build whose texts the user has since changed (a toggle, an edit) no longer apply.
  const stale =
    !!compare.report &&
    !!compare.builtFor &&
    (compare.builtFor.optimized !== opt.text || compare.builtFor.original !== original);

  const build = useCallback(() => {
    // Verified unless the user edited the text by hand (the service rewrites from the rules).
    if (!building && result)
      void compare.start(
        project.dir,
        original,
        opt.text,
        result.dockerignore,
        opt.edited ? undefined : { disabled: opt.disabled, measureSavings: true },
        dockerfile.name,
      );
  }, [building, result, compare, project.dir, original, opt.text, opt.edited, opt.disabled, dockerfile.name]);

  // A fix the verification held back is turned off here too: the text offered is the verified one.
  const heldBack = compare.report?.verification?.heldBack;
  const appliedHoldBack = useRef<unknown>(null);
  useEffect(() => {
    if (!heldBack || appliedHoldBack.current === heldBack) return;
    appliedHoldBack.current = heldBack;
    for (const id of new Set(heldBack.map((h) => h.ruleId))) if (!opt.disabled.includes(id)) opt.toggle(id);
  }, [heldBack, opt]);

  const base = useBaseChoice(opt, compare.report?.verification);

  const onSaved = useCallback(
    (results: SaveFileResult[]) => {
      // The report and the .dockerignore are side files; only the Dockerfile itself clears "unsaved".
      if (results.some((r) => !/(whittle-report\.md|\.dockerignore)$/.test(r.path))) setSavedText(opt.text);
      const ignore = result?.dockerignore;
      const wroteIgnore = results.some((r) => r.path === joinPath(project.dir, '.dockerignore'));
      if (wroteIgnore && ignore != null) onDockerignoreSaved?.(ignore);
    },
    [opt.text, result, project.dir, onDockerignoreSaved],
  );

  useShortcuts({
    open: onOpenShortcut,
    build: dockerReachable ? build : undefined,
    exportFile: result ? () => setExporting(true) : undefined,
  });

  const report = useCallback(
    () =>
      result
        ? reportMarkdown({
            projectName: project.name,
            dockerfileName: dockerfile.name,
            result,
            optimizedText: opt.text,
            // Out-of-date figures would be printed next to a Dockerfile they were not measured on.
            compare: stale ? null : compare.report,
          })
        : '',
    [result, project.name, dockerfile.name, opt.text, compare.report, stale],
  );

  const loc = parseError ? parseLocation(parseError) : null;
  const findings = useMemo(() => result?.findings ?? [], [result]);

  return (
    <div className="workspace" data-testid="workspace">
      <FindingsPanel
        findings={findings}
        disabled={opt.disabled}
        onToggle={opt.toggle}
        analysis={opt.analysis}
        reanalysing={opt.reanalysing}
        onReveal={(line) => setReveal({ line, nonce: Date.now() })}
        heldBack={heldBack ?? []}
        measured={stale ? undefined : compare.report?.verification?.savings}
        notAnalysed={parseError !== null}
      />
      <div className="main-col">
        <div className="toolbar">
          <span className={`unsaved ${unsaved ? 'on' : ''}`} data-testid="unsaved" data-unsaved={unsaved}>
            {unsaved ? '● Unsaved optimized Dockerfile' : '✓ Saved'}
            {opt.edited && <span className="muted small"> · edited by you</span>}
          </span>
          {opt.generated.ok && (
            <span className="muted small" data-testid="optimize-ms">
              {opt.generated.result.fixes.length} fixes applied · optimized in {opt.generated.ms.toFixed(0)}{' '}
              ms
            </span>
          )}
          <span className="spacer" />
          <button
            type="button"
            onClick={() => setExporting(true)}
            disabled={!result}
            title="Ctrl/Cmd+S"
            data-testid="export-open"
          >
            Export…
          </button>
          <button
            type="button"
            className="primary"
            onClick={build}
            disabled={!result || building || !dockerReachable}
            title={dockerReachable ? 'Build both images and compare (Ctrl/Cmd+B)' : 'Docker is not reachable'}
            data-testid="build-compare"
          >
            {building ? 'Building…' : 'Build & compare'}
          </button>
        </div>
        {parseError && (
          <div className="banner banner-error" role="alert" data-testid="parse-error">
            <div>
              <strong>This Dockerfile cannot be analysed.</strong> {parseError.message}
              {loc &&
                !parseError.message.includes(`line ${loc.line}`) &&
                ` (line ${loc.line}, column ${loc.column})`}
              <div className="muted">
                Fix it in the optimized (right) editor: once it parses, Whittle optimizes, builds and exports
                the fixed text.
              </div>
              <div className="muted">{hintFor(parseError.code)}</div>
            </div>
          </div>
        )}
        {repaired !== null && (
          <div className="notice-warn" role="status" data-testid="repaired">
            Your fixed Dockerfile parses: it is now the original (left, not yet saved), and the right side
            shows its optimized version.
          </div>
        )}
        {opt.editsReplaced && (
          <div className="notice-warn edits-replaced" role="status" data-testid="edits-replaced">
            <span>Your edits to the optimized Dockerfile were replaced by the regenerated text.</span>
            <span className="edits-replaced-actions">
              <button
                type="button"
                className="primary"
                onClick={opt.undoReplace}
                aria-label="Undo: restore your edits and the previous fix settings"
                title="Restore your edits and the previous fix settings"
              >
                Undo
              </button>
              <button type="button" onClick={opt.dismissReplace}>
                Dismiss
              </button>
            </span>
          </div>
        )}
        <DiffView
          original={original}
          modified={opt.text}
          onModifiedChange={opt.setText}
          originalFindings={findings}
          originalError={parseError}
          modifiedFindings={opt.analysis.findings}
          modifiedError={opt.analysis.error}
          reveal={reveal}
        />
        <BuildPanel
          phase={compare.phase}
          progress={compare.progress}
          log={compare.log}
          error={compare.error}
          onCancel={() => void compare.cancel()}
          onRetry={build}
        />
        {compare.report && stale && (
          <div className="notice-warn stale-results" role="status" data-testid="stale-results">
            These results are for an earlier version of the Dockerfiles; they are left out of the report.
            <button type="button" onClick={build} disabled={building || !dockerReachable}>
              Rebuild
            </button>
          </div>
        )}
        {compare.report && (
          <>
            <Suspense fallback={<p className="muted">Loading the chart…</p>}>
              <LayerChart
                report={compare.report}
                selected={
                  layers.selected
                    ? { imageId: layers.selected.imageId, layerIndex: layers.selected.layer.index }
                    : null
                }
                onSelect={(r) => void layers.select(r)}
              />
            </Suspense>
            {layers.selected && (
              <LayerFilesPanel row={layers.selected} state={layers.state} onClose={layers.close} />
            )}
            <Suspense fallback={<p className="muted">Loading the bill of bytes…</p>}>
              <BillSection report={compare.report} />
            </Suspense>
            <div className="results-grid">
              <SmokeResult smoke={compare.report.smokeTest} />
              <ConfigDiff diffs={compare.report.configDifferences} />
            </div>
            <BuiltImages
              tags={[compare.report.original.tag, compare.report.optimized.tag]}
              keep={keepImages}
              onKeep={onKeepImages}
            />
            {compare.report.verification && (
              <Suspense fallback={<p className="muted">Loading the verification…</p>}>
                <VerificationPanel
                  v={compare.report.verification}
                  originalBytes={compare.report.original.sizeBytes}
                  optimizedBytes={compare.report.optimized.sizeBytes}
                  baseImage={base.currentImage}
                  onPickBase={base.pick}
                />
              </Suspense>
            )}
          </>
        )}
      </div>
      {exporting && result && (
        <ExportDialog
          dir={project.dir}
          dockerfileName={dockerfile.name}
          text={opt.text}
          dockerignore={result.dockerignore}
          report={report}
          onSaved={onSaved}
          onClose={() => setExporting(false)}
        />
      )}
    </div>
  );
}

/**
 * The Docker service: status, build (with progress and cancel), compare (both images, layer
 * reports, content analysis, smoke test, config differences) and housekeeping of the images
 * Whittle labelled as its own. Every failure is a typed WhittleFailure; the service stays
 * usable after any of them (a dead daemon is re-dialled on the next call).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Dockerode from 'dockerode';
import type {
  BuildProgressEvent,
  BuildRequest,
  CompareReport,
  CompareRequest,
  DockerStatus,
  ImageReport,
  SmokeTestResult,
} from '../../../shared/api/contract';
import { WhittleFailure } from '../../../shared/api/result';
import type { VerifyProgressEvent } from '../../../shared/api/verify';
import { DEFAULT_CONFIG } from '../../../shared/config/config';
import { observeRun } from '../checks/observe-run';
import { readConfig, readProjectContext } from '../project';
import { collectBaseImageFacts, withEstimateImageSizes } from './base-image-facts';
import { measureFloor } from '../verify/floor/measure-floor';
import { verifyRewrite, type VerifyOutput } from '../verify/verify-rewrite';
import { analyzeImage, type ImageContents } from '../layers/analyze-image';
import { billLayers } from '../../../shared/bill/bill-layers';
import { billOfReport, compareBills } from '../../../shared/bill/compare-bills';
import { buildImage, imageTag, LABEL_PROJECT } from './build';
import { buildNetwork, connect, dockerStatus, resolveEndpoint, type Endpoint } from './connection';
import { imageReport, withLayerCaches } from './layers';
import { compareConfigs, smokeTest } from './smoke';

type Emit = (e: BuildProgressEvent) => void;
type EmitVerify = (e: VerifyProgressEvent) => void;

/**
 * A CompareReport plus the original image's smoke test, run only when the optimized one failed.
 * (Proposed for the contract as `CompareReport.originalSmokeTest`; it travels as JSON already.)
 */
export type CompareOutcome = CompareReport & { originalSmokeTest?: SmokeTestResult };

/** `smoke.check` of the project's whittle.json, if any. */
async function projectCheck(dir: string): Promise<string[] | undefined> {
  try {
    const j = JSON.parse(await fs.readFile(path.join(dir, 'whittle.json'), 'utf8')) as {
      smoke?: { check?: unknown };
    };
    const c = j.smoke?.check;
    return Array.isArray(c) && c.every((x) => typeof x === 'string') ? (c as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One per endpoint; the hosts (Electron main, the bridge, the CLI) share it. Builds run under an
 * AbortController keyed by build id, which is how `cancel` reaches them; a compare registers
 * `${compareId}:compare` before its first await, so a cancel sent the moment it starts (a newer
 * compare of the project, the project closing) always stops it. Which compares run, one per
 * project, and when a project's images go is decided above this class, in
 * electron/core/compare-sessions.ts: compares survive a page reload and are shown again.
 * Images: tags are stable per project (`imageTag`), so a project keeps only its latest pair; a
 * compare removes the project's images that lost their tags (`pruneSuperseded`).
 */
export class DockerService {
  readonly docker: Dockerode;
  private readonly builds = new Map<string, AbortController>();

  constructor(readonly endpoint: Endpoint = resolveEndpoint()) {
    this.docker = connect(endpoint);
  }

  status(): Promise<DockerStatus> {
    return dockerStatus(this.docker, this.endpoint);
  }

  private async requireDocker(): Promise<DockerStatus> {
    const s = await this.status();
    if (!s.reachable) throw new WhittleFailure('DOCKER_UNREACHABLE', s.message ?? 'Docker is not reachable');
    return s;
  }

  /** One image; `parent` (the compare's signal) cancels it too, even before its build registered. */
  private async buildOne(
    req: BuildRequest,
    buildkit: boolean,
    emit: Emit,
    dockerignore?: string | null,
    parent?: AbortSignal,
  ) {
    const ctl = new AbortController();
    this.builds.set(req.buildId, ctl);
    const stop = () => ctl.abort();
    if (parent?.aborted) ctl.abort();
    parent?.addEventListener('abort', stop, { once: true });
    try {
      const previous = await this.imageIdOf(imageTag(req.dir, req.variant));
      const built = await buildImage(
        this.docker,
        { ...req, buildkit, signal: ctl.signal, dockerignore, network: buildNetwork(this.endpoint) },
        emit,
      );
      if (previous && previous !== built.imageId) await this.retire(previous);
      return built;
    } finally {
      parent?.removeEventListener('abort', stop);
      this.builds.delete(req.buildId);
    }
  }

  private imageIdOf(ref: string): Promise<string | null> {
    return this.docker
      .getImage(ref)
      .inspect()
      .then(
        (i) => i.Id,
        () => null,
      );
  }

  /**
   * Removes the image a rebuild took the tag from. Untagged, it would stay on disk as a `<none>`
   * image for every edit-and-build of a project. Without force the daemon refuses when anything
   * still needs it (another tag, a container, a child image), which is exactly when it must stay.
   */
  private async retire(imageId: string): Promise<void> {
    await this.docker
      .getImage(imageId)
      .remove()
      .catch(() => undefined);
  }

  private readonly analyses = new Map<string, Promise<ImageContents>>();

  private readonly billed = new Set<string>();

  /**
   * Layer contents of an image, analysed once (streaming its whole export is the expensive
   * part): the compare's efficiency figures and the UI's layer drill-down share the result.
   * With `report`, the bill of bytes is computed in the same pass (an earlier analysis without
   * one is redone).
   */
  contents(imageId: string, report?: ImageReport): Promise<ImageContents> {
    let pending = this.analyses.get(imageId);
    if (!pending || (report && !this.billed.has(imageId))) {
      pending = analyzeImage(this.docker, imageId, {
        maxListEntries: 500,
        ...(report ? { bill: { layers: billLayers(report.layers), imageSizeBytes: report.sizeBytes } } : {}),
      });
      if (report) this.billed.add(imageId);
      else this.billed.delete(imageId);
      pending.catch(() => {
        this.analyses.delete(imageId);
        this.billed.delete(imageId);
      }); // a failure must not stick
      this.analyses.set(imageId, pending);
      // The two images of the last compare, plus a little slack.
      if (this.analyses.size > 4) {
        const oldest = this.analyses.keys().next().value as string;
        this.analyses.delete(oldest);
        this.billed.delete(oldest);
      }
    }
    return pending;
  }

  /** Adds dive's efficiency and the reclaimable bytes; a failure here never fails the build. */
  private async withContents(report: ImageReport): Promise<ImageReport> {
    try {
      const c = await this.contents(report.imageId, report);
      return {
        ...report,
        // Each layer's cache bytes (the same pass), so estimates can be grounded in them.
        layers: withLayerCaches(report.layers, c),
        efficiency: c.efficiency,
        diveWastedBytes: c.diveWastedBytes,
        reclaimableBytes: c.reclaimableBytes,
        ...(c.bill ? billOfReport(c.bill) : {}),
      };
    } catch {
      return report;
    }
  }

  async build(req: BuildRequest, emit: Emit): Promise<ImageReport> {
    const s = await this.requireDocker();
    const { imageId, tag } = await this.buildOne(req, s.buildkit, emit);
    return this.withContents(await imageReport(this.docker, imageId, tag, req.dockerfileText));
  }

  /** Cancels a running build (or both builds of a compare, by its id prefix). */
  async cancel(buildId: string): Promise<boolean> {
    let found = false;
    for (const [id, ctl] of this.builds) {
      if (id === buildId || id.startsWith(`${buildId}:`)) {
        ctl.abort();
        found = true;
      }
    }
    return found;
  }

  /**
   * Verifies the rewrite of an original already built (issue 10): the project's context and
   * config are read from `req.dir`; see verify/verify-rewrite.ts.
   */
  private async verifyBuilt(
    req: CompareRequest,
    originalImage: string,
    buildkit: boolean,
    emit: Emit,
    onVerify: EmitVerify,
    signal: AbortSignal,
    original?: ImageReport,
  ): Promise<VerifyOutput> {
    const [context, config, baseImages] = await Promise.all([
      readProjectContext(req.dir),
      readConfig(req.dir),
      // The original just built, so its bases are local: the recipes ask their real pip, release, WORKDIR.
      collectBaseImageFacts(this.docker, req.originalText, { timeoutMs: 30_000, signal }).catch(() => ({})),
    ]);
    if (Object.keys(baseImages).length) context.baseImages = { ...baseImages, ...context.baseImages };
    // The sizes of the images the base-swap estimates name, so they are the daemon's, not the catalog's.
    const priced = Object.keys(baseImages).length
      ? await withEstimateImageSizes(this.docker, req.originalText, context, { signal })
      : context;
    return verifyRewrite({
      docker: this.docker,
      dir: req.dir,
      originalText: req.originalText,
      originalImage,
      context: priced,
      config: config ?? DEFAULT_CONFIG,
      buildkit,
      network: buildNetwork(this.endpoint),
      ...(req.checkCommand ? { checkCommand: req.checkCommand } : {}),
      options: req.verify ?? {},
      verifyId: req.compareId,
      signal,
      emitBuild: emit,
      emitVerify: onVerify,
      ...(original ? { original } : {}),
    });
  }

  /**
   * `optimize --verify`: builds the original, verifies the rewrite and returns the offered
   * Dockerfile, without the layer analysis of a compare. Both images go unless `keepImages`.
   * Throws BUILD_FAILED when the original does not build, CANCELLED, DOCKER_UNREACHABLE.
   */
  async verify(req: CompareRequest, emit: Emit, onVerify: EmitVerify): Promise<VerifyOutput> {
    const s = await this.requireDocker();
    const ctl = new AbortController();
    const key = `${req.compareId}:compare`;
    this.builds.set(key, ctl);
    const tags: string[] = [];
    try {
      const a = await this.buildOne(
        {
          dir: req.dir,
          dockerfileText: req.originalText,
          variant: 'original',
          buildId: `${req.compareId}:original`,
        },
        s.buildkit,
        emit,
        undefined,
        ctl.signal,
      );
      tags.push(a.tag);
      const check = req.checkCommand ?? (await projectCheck(req.dir));
      const out = await this.verifyBuilt(
        check ? { ...req, checkCommand: check } : req,
        a.imageId,
        s.buildkit,
        emit,
        onVerify,
        ctl.signal,
      );
      if (out.tag !== a.tag) tags.push(out.tag);
      return out;
    } finally {
      this.builds.delete(key);
      if (!req.keepImages)
        for (const tag of tags)
          await this.docker
            .getImage(tag)
            .remove()
            .catch(() => undefined);
      await this.pruneSuperseded(req.dir);
    }
  }

  /**
   * Builds both images and reports; with `req.verify`, verifies the rewrite. Verification progress
   * goes to `onVerify`, or (the UI's hosts pass none) reaches the build progress channel as log
   * lines `verify: …` of the optimized build.
   */
  async compare(req: CompareRequest, emit: Emit, onVerify?: EmitVerify): Promise<CompareOutcome> {
    const verifyEvents: EmitVerify =
      onVerify ??
      ((e) =>
        emit({
          buildId: `${req.compareId}:optimized`,
          variant: 'optimized',
          kind: 'log',
          text: `verify: ${e.text}`,
        }));
    const built: string[] = [];
    // Cancelling the compare (its id) also stops the analysis and smoke phases after the builds.
    // Registered before the first await: a cancel that arrives at once (a newer compare of the
    // project, the project closing) always finds it.
    const ctl = new AbortController();
    const key = `${req.compareId}:compare`;
    this.builds.set(key, ctl);
    const checkpoint = () => {
      if (ctl.signal.aborted) throw new WhittleFailure('CANCELLED', 'The comparison was cancelled');
    };
    try {
      const s = await this.requireDocker();
      checkpoint();
      const a = await this.buildOne(
        {
          dir: req.dir,
          dockerfileText: req.originalText,
          variant: 'original',
          buildId: `${req.compareId}:original`,
        },
        s.buildkit,
        emit,
        undefined,
        ctl.signal,
      );
      built.push(a.tag);
      checkpoint();
      const check = req.checkCommand ?? (await projectCheck(req.dir));
      let verified: VerifyOutput | undefined;
      let b: { imageId: string; tag: string };
      let original: ImageReport | undefined;
      if (req.verify) {
        const checked = check ? { ...req, checkCommand: check } : req;
        // The original's layer analysis first (the same one the report shows, done once): the
        // estimates set beside the measured savings are grounded in its layers.
        original = await this.withContents(
          await imageReport(this.docker, a.imageId, a.tag, req.originalText),
        );
        checkpoint();
        verified = await this.verifyBuilt(
          checked,
          a.imageId,
          s.buildkit,
          emit,
          verifyEvents,
          ctl.signal,
          original,
        );
        b = { imageId: verified.imageId, tag: verified.tag };
      } else {
        b = await this.buildOne(
          {
            dir: req.dir,
            dockerfileText: req.optimizedText,
            variant: 'optimized',
            buildId: `${req.compareId}:optimized`,
          },
          s.buildkit,
          emit,
          req.optimizedDockerignore,
          ctl.signal,
        );
      }
      if (b.tag !== a.tag) built.push(b.tag);
      checkpoint();
      original ??= await this.withContents(
        await imageReport(this.docker, a.imageId, a.tag, req.originalText),
      );
      checkpoint();
      const optimized = await this.withContents(
        await imageReport(this.docker, b.imageId, b.tag, verified ? verified.text : req.optimizedText),
      );
      checkpoint();
      const smokeOpts = { ...(check ? { check } : {}), signal: ctl.signal };
      // Verified: the checks already ran the offered image (remembered per image id).
      const smoke = verified
        ? (
            await observeRun(this.docker, b.imageId, {
              ...(check ? { checkCommand: check } : {}),
              signal: ctl.signal,
            })
          ).smoke
        : await smokeTest(this.docker, b.imageId, smokeOpts);
      // Only when the optimized image fails: if the original fails the same way, the project (or
      // the check) is at fault, not the optimization. Passing runs skip the extra seconds.
      const baseline = smoke.passed ? undefined : await smokeTest(this.docker, a.imageId, smokeOpts);
      checkpoint();
      // Asked for only (one traced run and one export read per image): verify/floor/measure-floor.ts.
      const floorOpts = { ...(check ? { checkCommand: check } : {}), signal: ctl.signal };
      const floor = req.floor
        ? {
            original: await measureFloor(this.docker, a.imageId, floorOpts),
            optimized: await measureFloor(this.docker, b.imageId, floorOpts),
          }
        : undefined;
      const reductionBytes = original.sizeBytes - optimized.sizeBytes;
      return {
        original,
        optimized,
        reductionBytes,
        reductionPercent: original.sizeBytes
          ? Math.round((reductionBytes / original.sizeBytes) * 1000) / 10
          : 0,
        smokeTest: smoke,
        ...(baseline ? { originalSmokeTest: baseline } : {}),
        configDifferences: compareConfigs(original.config, optimized.config),
        ...(verified ? { verification: verified.verification } : {}),
        ...(original.bill && optimized.bill
          ? { billComparison: compareBills(original.bill, optimized.bill) }
          : {}),
        ...(floor ? { floor } : {}),
      };
    } finally {
      this.builds.delete(key);
      // By Whittle's tag and without force: an image the user also tagged keeps that tag (and stays).
      if (!req.keepImages)
        for (const tag of built)
          await this.docker
            .getImage(tag)
            .remove()
            .catch(() => undefined);
      await this.pruneSuperseded(req.dir);
    }
  }

  /**
   * Removes the project's images that lost Whittle's tags to a newer build: the previous pair
   * once a compare has built the new one (verification re-tags `optimized` without removing
   * what held it). Only images with Whittle's project label and no tag at all, by id and without
   * force: the daemon refuses while a container or a child image needs one, and it then stays.
   * Returns how many went.
   */
  async pruneSuperseded(project: string): Promise<number> {
    let n = 0;
    const images = await this.listImages(project).catch(() => []);
    for (const img of images) {
      const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
      if (tags.length) continue;
      const gone = await this.docker
        .getImage(img.Id)
        .remove()
        .then(
          () => true,
          () => false,
        );
      if (gone) n++;
    }
    return n;
  }

  /** Images Whittle built (optionally for one project). */
  async listImages(project?: string): Promise<Dockerode.ImageInfo[]> {
    const filters = { label: [project ? `${LABEL_PROJECT}=${path.resolve(project)}` : LABEL_PROJECT] };
    return this.docker.listImages({ filters: JSON.stringify(filters) } as Dockerode.ListImagesOptions);
  }

  /** Removes only Whittle's own images; returns how many went. */
  async removeImages(project?: string): Promise<number> {
    let n = 0;
    for (const img of await this.listImages(project)) {
      // Whittle's own tags only, without force: a tag the user added keeps the image.
      const own = (img.RepoTags ?? []).filter((t) => t.startsWith('whittle/'));
      const refs = own.length
        ? own
        : (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>').length
          ? []
          : [img.Id];
      let removed = false;
      for (const ref of refs)
        removed =
          (await this.docker
            .getImage(ref)
            .remove()
            .then(
              () => true,
              () => false,
            )) || removed;
      if (removed) n++;
    }
    return n;
  }
}

/**
 * Compares by project folder, for the hosts (Electron's main process, the browser bridge).
 *
 * Design (issue 12): as in VS Code or GitHub Desktop, a long task belongs to the app, not to
 * the window showing it.
 *  - A page reload leaves the compare running. The reloaded page reopens its project, asks
 *    `session(dir)` for the compare running there (its id, texts and progress so far, replayed
 *    from `events`) and `attach(id)` resolves with the outcome its starter gets.
 *  - A project never has two compares at once: both would build under the project's tags and
 *    remove each other's images. A new compare of a folder cancels the one running there and
 *    starts once that one has stopped (builds, smoke test and image clean-up ended); the old
 *    one resolves with CANCELLED. A compare cancelled while it waits never starts.
 *  - Images: stable tags per project mean a project keeps only its latest pair (the service
 *    removes what a rebuild took the tag from). `close(dir)` cancels the project's compare and
 *    removes the images its compares built in this run, unless the user chose to keep them
 *    (`keep`); `shutdown()` does that for every project. Removal is `removeImages`: Whittle's own
 *    tags only, never forced, so an image the user tagged stays.
 * A page that is gone for good (no socket left) is the bridge's concern: it calls the host's
 * `cancelAll` after a grace period (electron/bridge/server.ts).
 */
import path from 'node:path';
import type {
  ActiveCompare,
  BuildProgressEvent,
  CloseProjectResult,
  CompareReport,
  CompareRequest,
  ProjectSession,
} from '../../shared/api/contract';
import { fail, ok, toWhittleError, WhittleFailure, type Result } from '../../shared/api/result';

/** Log lines replayed to a reloaded page (step, done and error events are always kept). */
export const MAX_REPLAY_LOGS = 2000;
/** How long an ended compare can still be attached to (a reload racing its end), in ms. */
export const ENDED_ATTACHABLE_MS = 60_000;

export interface CompareSessionsDeps {
  /** Runs one compare; must register its cancel under `compareId` before its first await. */
  compare(req: CompareRequest, emit: (e: BuildProgressEvent) => void): Promise<CompareReport>;
  /** Cancels a compare (or build) by id; true when something was running. */
  cancel(id: string): Promise<boolean>;
  /** Removes Whittle's images of one project folder; resolves to how many went. */
  removeImages(dir: string): Promise<number>;
}

interface Entry {
  req: CompareRequest;
  dir: string;
  startedAt: number;
  events: BuildProgressEvent[];
  logs: number;
  running: boolean;
  cancelled: boolean;
  outcome: Promise<Result<CompareReport>>;
}

export interface CompareSessions {
  /** Starts a compare (after cancelling and awaiting the project's running one). Never rejects. */
  run(req: CompareRequest, emit: (e: BuildProgressEvent) => void): Promise<Result<CompareReport>>;
  session(dir: string): ProjectSession;
  attach(compareId: string): Promise<Result<CompareReport>>;
  /** Marks the compare with that id (or the compare a build id belongs to) cancelled; true when one was running. */
  cancel(id: string): Promise<boolean>;
  keep(dir: string, keep: boolean): ProjectSession;
  close(dir: string): Promise<CloseProjectResult>;
  /** Cancels every compare, waits for them, removes the images of every project not kept. */
  shutdown(): Promise<void>;
}

const CANCELLED = 'The comparison was cancelled';

export function createCompareSessions(deps: CompareSessionsDeps): CompareSessions {
  /** The latest compare of each folder, running or ended. */
  const byDir = new Map<string, Entry>();
  /** Compares by id: running ones, and ended ones for ENDED_ATTACHABLE_MS. */
  const byId = new Map<string, Entry>();
  /** Folders whose compares built images in this run, and those the user keeps. */
  const built = new Set<string>();
  const kept = new Set<string>();

  const record = (entry: Entry, e: BuildProgressEvent) => {
    entry.events.push(e);
    if (e.kind !== 'log') return;
    entry.logs++;
    // Drop the oldest log lines in batches (a quarter over the cap), keeping every other event.
    if (entry.logs > MAX_REPLAY_LOGS * 1.25) {
      let drop = entry.logs - MAX_REPLAY_LOGS;
      entry.events = entry.events.filter((x) => x.kind !== 'log' || drop-- <= 0);
      entry.logs = MAX_REPLAY_LOGS;
    }
  };

  const stop = async (entry: Entry): Promise<void> => {
    entry.cancelled = true;
    await deps.cancel(entry.req.compareId).catch(() => false);
  };

  const active = (entry: Entry): ActiveCompare => ({
    compareId: entry.req.compareId,
    dir: entry.dir,
    ...(entry.req.dockerfile !== undefined ? { dockerfile: entry.req.dockerfile } : {}),
    originalText: entry.req.originalText,
    optimizedText: entry.req.optimizedText,
    startedAt: entry.startedAt,
    events: [...entry.events],
  });

  const session = (dir: string): ProjectSession => {
    const entry = byDir.get(path.resolve(dir));
    return { compare: entry?.running ? active(entry) : null, keepImages: kept.has(path.resolve(dir)) };
  };

  return {
    run(req, emit) {
      const dir = path.resolve(req.dir);
      const previous = byDir.get(dir);
      const entry: Entry = {
        req,
        dir,
        startedAt: Date.now(),
        events: [],
        logs: 0,
        running: true,
        cancelled: false,
        outcome: Promise.resolve(fail('INTERNAL', 'not started')),
      };
      byDir.set(dir, entry);
      byId.set(req.compareId, entry);
      entry.outcome = (async (): Promise<Result<CompareReport>> => {
        try {
          if (previous?.running) {
            await stop(previous);
            await previous.outcome;
          }
          if (entry.cancelled) throw new WhittleFailure('CANCELLED', CANCELLED);
          built.add(dir);
          return ok(
            await deps.compare(req, (e) => {
              record(entry, e);
              emit(e);
            }),
          );
        } catch (err) {
          return { ok: false, error: toWhittleError(err) };
        } finally {
          entry.running = false;
          setTimeout(() => {
            if (byId.get(req.compareId) === entry) byId.delete(req.compareId);
          }, ENDED_ATTACHABLE_MS).unref?.();
        }
      })();
      return entry.outcome;
    },

    session,

    attach(compareId) {
      const entry = byId.get(compareId);
      return entry
        ? entry.outcome
        : Promise.resolve(fail('NOT_FOUND', `No compare ${compareId} is running; build again`));
    },

    async cancel(id) {
      let found = false;
      for (const entry of byId.values()) {
        const mine = id === entry.req.compareId || id.startsWith(`${entry.req.compareId}:`);
        if (mine && entry.running) {
          entry.cancelled = true;
          found = true;
        }
      }
      return found;
    },

    keep(dir, keep) {
      const abs = path.resolve(dir);
      if (keep) kept.add(abs);
      else kept.delete(abs);
      return session(abs);
    },

    async close(dir) {
      const abs = path.resolve(dir);
      const entry = byDir.get(abs);
      if (entry?.running) {
        await stop(entry);
        await entry.outcome;
      }
      byDir.delete(abs);
      if (kept.has(abs)) return { removedImages: 0, keptImages: true };
      if (!built.has(abs)) return { removedImages: 0, keptImages: false };
      built.delete(abs);
      return { removedImages: await deps.removeImages(abs), keptImages: false };
    },

    async shutdown() {
      const running = [...byDir.values()].filter((e) => e.running);
      await Promise.all(running.map((e) => stop(e)));
      await Promise.all(running.map((e) => e.outcome));
      for (const dir of built) if (!kept.has(dir)) await deps.removeImages(dir).catch(() => 0);
      built.clear();
    },
  };
}

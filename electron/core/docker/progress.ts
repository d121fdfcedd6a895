/**
 * Turns the Engine API's build stream into typed progress events, for both builders:
 * the classic builder's `{stream: "Step 3/9 : RUN …"}` lines and BuildKit's
 * `moby.buildkit.trace` messages (base64 protobuf StatusResponse, decoded with protobufjs and
 * the subset of BuildKit's control.proto in ./buildkit-status).
 */
import { StringDecoder } from 'node:string_decoder';
import type { BuildProgressEvent, Variant } from '../../../shared/api/contract';
import { statusResponseType as statusResponse } from './buildkit-status';

interface Vertex {
  digest: string;
  name: string;
  cached: boolean;
  started?: unknown;
  completed?: unknown;
  error: string;
}
interface VertexLog {
  vertex: string;
  msg: Uint8Array;
}
/** The parts of a decoded BuildKit StatusResponse the tracker reads. */
export interface BuildkitStatus {
  vertexes: Vertex[];
  logs: VertexLog[];
}

/** Decodes one `moby.buildkit.trace` aux payload. */
export function decodeTrace(base64: string): BuildkitStatus {
  const t = statusResponse();
  const msg = t.toObject(t.decode(Buffer.from(base64, 'base64')), {
    defaults: true,
    longs: String,
  }) as BuildkitStatus;
  return { vertexes: msg.vertexes ?? [], logs: msg.logs ?? [] };
}

/** Encodes a status (tests use it to prove the decoder against the real schema). */
export function encodeTrace(status: {
  vertexes?: Partial<Vertex>[];
  logs?: { vertex: string; msg: Uint8Array; stream?: number }[];
}): string {
  const t = statusResponse();
  return Buffer.from(t.encode(t.fromObject(status)).finish()).toString('base64');
}

/** The outcome the tracker collects while it streams events. */
export interface BuildOutcome {
  imageId: string | null;
  error: string | null;
  /** Last output lines, for a failed build's report. */
  tail: string[];
  failingStep: string | null;
}

/** Stateful translator for one build's stream lines. */
export class ProgressTracker {
  readonly outcome: BuildOutcome = { imageId: null, error: null, tail: [], failingStep: null };
  private steps = new Map<string, number>();
  private current: string | null = null;
  /** The classic builder's last `Step n/N`, so a `---> Using cache` line reports the same numbers. */
  private lastClassic: { n: number; total: number } | null = null;
  /**
   * BuildKit's own step count per stage (`[stage n/N]`). BuildKit runs only FROM/RUN/COPY/ADD/WORKDIR
   * as vertexes, so the Dockerfile's instruction count would leave the bar short of 100 %.
   */
  private stageTotals = new Map<string, number>();
  /**
   * BuildKit's log messages are byte chunks of a step's output, cut wherever the process wrote:
   * per vertex, a decoder keeps a split UTF-8 character whole and the unfinished line waits.
   */
  private partial = new Map<string, { utf8: StringDecoder; text: string }>();

  constructor(
    private readonly buildId: string,
    private readonly variant: Variant,
    private readonly totalSteps: number,
    private readonly emit: (e: BuildProgressEvent) => void,
  ) {}

  private log(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      this.outcome.tail.push(line);
      if (this.outcome.tail.length > 40) this.outcome.tail.shift();
      this.emit({ buildId: this.buildId, variant: this.variant, kind: 'log', text: line });
    }
  }

  private step(key: string, instruction: string, cached: boolean, n?: number, total?: number): void {
    if (!this.steps.has(key)) this.steps.set(key, this.steps.size + 1);
    this.current = instruction;
    this.emit({
      buildId: this.buildId,
      variant: this.variant,
      kind: 'step',
      step: n ?? this.steps.get(key)!,
      totalSteps: total ?? Math.max(this.totalSteps, this.steps.size),
      instruction,
      cached,
    });
  }

  /** Feeds one decoded JSON message of the build stream. */
  feed(msg: Record<string, unknown>): void {
    if (msg.id === 'moby.buildkit.trace' && typeof msg.aux === 'string')
      return this.feedBuildkit(decodeTrace(msg.aux));
    if (msg.id === 'moby.image.id' && msg.aux && typeof msg.aux === 'object') {
      this.outcome.imageId = String((msg.aux as { ID?: string }).ID ?? '') || null;
      return;
    }
    if (typeof msg.error === 'string' || msg.errorDetail) {
      this.outcome.error = String(
        msg.error ?? (msg.errorDetail as { message?: string })?.message ?? 'build failed',
      );
      this.outcome.failingStep ??= this.current;
      return;
    }
    if (msg.aux && typeof msg.aux === 'object' && (msg.aux as { ID?: string }).ID) {
      this.outcome.imageId = (msg.aux as { ID: string }).ID;
      return;
    }
    if (typeof msg.stream === 'string') {
      const m = /^Step (\d+)\/(\d+) : (.*)$/m.exec(msg.stream);
      if (m) {
        this.lastClassic = { n: Number(m[1]), total: Number(m[2]) };
        return this.step(`classic:${m[1]}`, m[3]!.trim(), false, Number(m[1]), Number(m[2]));
      }
      if (/^\s*---> Using cache/.test(msg.stream) && this.current && this.lastClassic) {
        const { n, total } = this.lastClassic;
        return this.step(`classic:${n}`, this.current, true, n, total);
      }
      if (/^\s*---> /.test(msg.stream) || /^Successfully (built|tagged)/.test(msg.stream)) return;
      this.log(msg.stream);
    }
  }

  private feedBuildkit(s: BuildkitStatus): void {
    const names = new Map<string, string>();
    for (const v of s.vertexes) {
      names.set(v.digest, v.name);
      // `[2/4] RUN …`, `[builder 2/4] RUN …`, `[linux/amd64 builder 2/4] RUN …`; heredoc names span
      // lines. BuildKit pads the number to the width of the total: `[ 2/11]`, `[builder  2/11]`.
      const m = /^\[(?:([^\]]*?) )? *(\d+)\/(\d+)\] ([\s\S]*)$/.exec(v.name);
      // BuildKit announces every vertex it will solve before starting any: learn the totals first.
      if (m) this.stageTotals.set(m[1] ?? '', Number(m[3]));
      const total = [...this.stageTotals.values()].reduce((a, b) => a + b, 0);
      if (m && (v.started || v.cached) && !this.steps.has(v.digest))
        this.step(v.digest, m[4]!, v.cached, undefined, Math.max(total, this.steps.size + 1));
      if (v.error) {
        this.outcome.failingStep = m ? m[4]! : v.name;
        this.outcome.error ??= v.error;
      }
    }
    for (const l of s.logs) {
      let p = this.partial.get(l.vertex);
      if (!p) this.partial.set(l.vertex, (p = { utf8: new StringDecoder('utf8'), text: '' }));
      p.text += p.utf8.write(Buffer.from(l.msg));
      const end = p.text.lastIndexOf('\n');
      if (end >= 0) {
        this.log(p.text.slice(0, end));
        p.text = p.text.slice(end + 1);
      }
    }
    for (const v of s.vertexes) if (v.completed || v.error) this.flush(v.digest);
  }

  /** Emits output still waiting for its line end: of one vertex, or of all when the stream ends. */
  flush(vertex?: string): void {
    for (const [key, p] of this.partial) {
      if (vertex !== undefined && key !== vertex) continue;
      this.partial.delete(key);
      this.log(p.text + p.utf8.end());
    }
  }
}

/**
 * The build-stream translator for both builders. BuildKit messages are encoded with the real
 * StatusResponse schema (encodeTrace), and real trace lines recorded from a BuildKit build on the
 * test engine prove the decoder against what the daemon actually sends.
 */
import { describe, expect, it } from 'vitest';
import type { BuildProgressEvent } from '../../../shared/api/contract';
import { decodeTrace, encodeTrace, ProgressTracker } from './progress';

function tracker(totalSteps = 2) {
  const events: BuildProgressEvent[] = [];
  const t = new ProgressTracker('b1', 'optimized', totalSteps, (e) => events.push(e));
  const trace = (status: Parameters<typeof encodeTrace>[0]) =>
    t.feed({ id: 'moby.buildkit.trace', aux: encodeTrace(status) });
  return { t, events, trace, steps: () => events.filter((e) => e.kind === 'step') };
}

const started = { seconds: 1, nanos: 0 };
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/**
 * Recorded once from `buildImage(..., buildkit: true)` on the engine (Docker 20.10, BuildKit) for
 * `FROM busybox:latest` + `RUN echo whittle-fixture-log`: the vertex list BuildKit announces before
 * solving, the RUN vertex starting, and the RUN's output.
 */
const REAL_ANNOUNCE =
  '{"id":"moby.buildkit.trace","aux":"CnYKR3NoYTI1NjowOGEwM2YzZmZlNWZiYTQyMWE2NDAzYzMxZTE1MzQyNWNlZDYzMWQxMDg4NjhmMzBlMDQ5ODVmOTlkNjkzMjZlGitbMS8yXSBGUk9NIGRvY2tlci5pby9saWJyYXJ5L2J1c3lib3g6bGF0ZXN0CrYBCkdzaGEyNTY6MjEzYTE5MjMyOWQ0ZjcxN2YyMzBiNjFhN2I2NzE2Mjk3M2Q3MTVhMTA0MWE0MGRlOTcwMzhjZmJjYzZlZDdiZhJHc2hhMjU2OjA4YTAzZjNmZmU1ZmJhNDIxYTY0MDNjMzFlMTUzNDI1Y2VkNjMxZDEwODg2OGYzMGUwNDk4NWY5OWQ2OTMyNmUaIlsyLzJdIFJVTiBlY2hvIHdoaXR0bGUtZml4dHVyZS1sb2c="}';
const REAL_RUN_STARTED =
  '{"id":"moby.buildkit.trace","aux":"CsQBCkdzaGEyNTY6MjEzYTE5MjMyOWQ0ZjcxN2YyMzBiNjFhN2I2NzE2Mjk3M2Q3MTVhMTA0MWE0MGRlOTcwMzhjZmJjYzZlZDdiZhJHc2hhMjU2OjA4YTAzZjNmZmU1ZmJhNDIxYTY0MDNjMzFlMTUzNDI1Y2VkNjMxZDEwODg2OGYzMGUwNDk4NWY5OWQ2OTMyNmUaIlsyLzJdIFJVTiBlY2hvIHdoaXR0bGUtZml4dHVyZS1sb2cqDAjUgKzYBhCUuaezAw=="}';
const REAL_RUN_LOG =
  '{"id":"moby.buildkit.trace","aux":"Gm4KR3NoYTI1NjoyMTNhMTkyMzI5ZDRmNzE3ZjIzMGI2MWE3YjY3MTYyOTczZDcxNWExMDQxYTQwZGU5NzAzOGNmYmNjNmVkN2JmEgsI1YCs2AYQlayQCxgBIhR3aGl0dGxlLWZpeHR1cmUtbG9nCg=="}';

describe('BuildKit trace (real messages from the engine)', () => {
  it('decodes the recorded vertexes and log', () => {
    const announce = decodeTrace(JSON.parse(REAL_ANNOUNCE).aux);
    expect(announce.vertexes.map((v) => v.name)).toEqual([
      '[1/2] FROM docker.io/library/busybox:latest',
      '[2/2] RUN echo whittle-fixture-log',
    ]);
    expect(announce.vertexes.every((v) => !v.started && !v.cached && v.error === '')).toBe(true);

    const run = decodeTrace(JSON.parse(REAL_RUN_STARTED).aux);
    expect(run.vertexes).toHaveLength(1);
    expect(run.vertexes[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.vertexes[0]!.started).toBeTruthy();

    const log = decodeTrace(JSON.parse(REAL_RUN_LOG).aux);
    expect(log.logs[0]!.vertex).toBe(run.vertexes[0]!.digest);
    expect(Buffer.from(log.logs[0]!.msg).toString('utf8')).toBe('whittle-fixture-log\n');
  });

  it('turns the recorded messages into a step with BuildKit numbering and a log line', () => {
    const { t, events } = tracker(2);
    for (const line of [REAL_ANNOUNCE, REAL_RUN_STARTED, REAL_RUN_LOG]) t.feed(JSON.parse(line));
    expect(events).toEqual([
      {
        buildId: 'b1',
        variant: 'optimized',
        kind: 'step',
        step: 1,
        totalSteps: 2,
        instruction: 'RUN echo whittle-fixture-log',
        cached: false,
      },
      { buildId: 'b1', variant: 'optimized', kind: 'log', text: 'whittle-fixture-log' },
    ]);
    expect(t.outcome.error).toBeNull();
  });
});

describe('ProgressTracker on BuildKit status', () => {
  it('emits one step per started or cached vertex, numbered in order, with cached flags', () => {
    const { trace, steps } = tracker(9); // the Dockerfile's count; BuildKit's own count wins
    trace({
      vertexes: [
        { digest: digest(1), name: '[internal] load build definition from Dockerfile', started },
        { digest: digest(2), name: '[1/3] FROM docker.io/library/busybox:latest' },
        { digest: digest(3), name: '[2/3] COPY a.txt /a' },
        { digest: digest(4), name: '[3/3] RUN make' },
      ],
    });
    expect(steps()).toEqual([]); // announced, none started yet
    trace({
      vertexes: [{ digest: digest(2), name: '[1/3] FROM docker.io/library/busybox:latest', cached: true }],
    });
    trace({ vertexes: [{ digest: digest(3), name: '[2/3] COPY a.txt /a', started }] });
    trace({ vertexes: [{ digest: digest(3), name: '[2/3] COPY a.txt /a', started, completed: started }] });
    trace({ vertexes: [{ digest: digest(4), name: '[3/3] RUN make', started }] });
    expect(steps().map((e) => [e.step, e.totalSteps, e.instruction, e.cached])).toEqual([
      [1, 3, 'FROM docker.io/library/busybox:latest', true],
      [2, 3, 'COPY a.txt /a', false],
      [3, 3, 'RUN make', false],
    ]);
  });

  it('adds up the stages of a multi-stage build and keeps stage prefixes out of the instruction', () => {
    const { trace, steps } = tracker();
    trace({
      vertexes: [
        { digest: digest(1), name: '[builder 1/2] FROM docker.io/library/golang:1.19' },
        { digest: digest(2), name: '[builder 2/2] RUN go build' },
        { digest: digest(3), name: '[stage-1 1/2] FROM docker.io/library/busybox:latest' },
        { digest: digest(4), name: '[stage-1 2/2] COPY --from=builder /app /app' },
      ],
    });
    trace({ vertexes: [{ digest: digest(2), name: '[builder 2/2] RUN go build', started }] });
    trace({
      vertexes: [{ digest: digest(4), name: '[stage-1 2/2] COPY --from=builder /app /app', started }],
    });
    expect(steps().map((e) => [e.step, e.totalSteps, e.instruction])).toEqual([
      [1, 4, 'RUN go build'],
      [2, 4, 'COPY --from=builder /app /app'],
    ]);
  });

  it('splits log chunks into lines and keeps the tail', () => {
    const { t, trace, events } = tracker();
    const msg = new TextEncoder().encode('one\ntwo\r\n\nthree\n');
    trace({ logs: [{ vertex: digest(4), msg, stream: 1 }] });
    expect(events.filter((e) => e.kind === 'log').map((e) => e.text)).toEqual(['one', 'two', 'three']);
    expect(t.outcome.tail).toEqual(['one', 'two', 'three']);
  });

  it('joins a line and a UTF-8 character that BuildKit split across log messages', () => {
    const { t, trace, events } = tracker();
    const bytes = Buffer.from('pip ━━━ 100%\nsecond li', 'utf8');
    const cut = bytes.indexOf(Buffer.from('━', 'utf8')) + 2; // inside the first ━
    trace({ logs: [{ vertex: digest(4), msg: bytes.subarray(0, cut), stream: 1 }] });
    trace({ logs: [{ vertex: digest(5), msg: new TextEncoder().encode('other step\n'), stream: 1 }] });
    trace({ logs: [{ vertex: digest(4), msg: bytes.subarray(cut), stream: 1 }] });
    trace({ logs: [{ vertex: digest(4), msg: new TextEncoder().encode('ne\nno newline'), stream: 1 }] });
    const logs = () => events.filter((e) => e.kind === 'log').map((e) => e.text);
    expect(logs()).toEqual(['other step', 'pip ━━━ 100%', 'second line']);
    // The unfinished last line comes out when its step completes (or the stream ends: flush()).
    trace({ vertexes: [{ digest: digest(4), name: '[2/2] RUN pip', started, completed: started }] });
    expect(logs()).toEqual(['other step', 'pip ━━━ 100%', 'second line', 'no newline']);
    trace({ logs: [{ vertex: digest(5), msg: new TextEncoder().encode('tail'), stream: 1 }] });
    t.flush();
    expect(logs().at(-1)).toBe('tail');
    expect(t.outcome.tail).toEqual(logs());
  });

  it('records a vertex error as the outcome with the failing step', () => {
    const { t, trace } = tracker();
    trace({ vertexes: [{ digest: digest(4), name: '[2/2] RUN exit 3', started }] });
    trace({
      vertexes: [
        {
          digest: digest(4),
          name: '[2/2] RUN exit 3',
          started,
          completed: started,
          error: 'executor failed running [/bin/sh -c exit 3]: exit code: 3',
        },
      ],
    });
    expect(t.outcome.error).toBe('executor failed running [/bin/sh -c exit 3]: exit code: 3');
    expect(t.outcome.failingStep).toBe('RUN exit 3');
    // The daemon ends the stream with its summary as errorDetail; the failing step stays the vertex's.
    const summary = 'failed to solve: executor failed running [/bin/sh -c exit 3]: exit code: 3';
    t.feed({ errorDetail: { message: summary }, error: summary });
    expect(t.outcome.error).toBe(summary);
    expect(t.outcome.failingStep).toBe('RUN exit 3');
  });

  it('takes the image id from moby.image.id', () => {
    const { t } = tracker();
    t.feed({ id: 'moby.image.id', aux: { ID: 'sha256:abc' } });
    expect(t.outcome.imageId).toBe('sha256:abc');
  });
});

describe('ProgressTracker on classic builder lines', () => {
  it('emits numbered steps, cache hits with the same numbers, and output lines', () => {
    const { t, events, steps } = tracker(4);
    t.feed({ stream: 'Step 1/5 : FROM busybox:latest' });
    t.feed({ stream: '\n' });
    t.feed({ stream: ' ---> 033668c6f23d\n' });
    t.feed({ stream: 'Step 2/5 : RUN x' });
    t.feed({ stream: ' ---> Using cache\n' });
    t.feed({ stream: 'Step 3/5 : RUN echo hi' });
    t.feed({ stream: ' ---> Running in 036b53fd51a5\n' });
    t.feed({ stream: 'hi\n' });
    t.feed({ stream: 'Removing intermediate container 036b53fd51a5\n' });
    t.feed({ aux: { ID: 'sha256:d006e1993559' } });
    t.feed({ stream: 'Successfully built d006e1993559\n' });
    expect(steps().map((e) => [e.step, e.totalSteps, e.instruction, e.cached])).toEqual([
      [1, 5, 'FROM busybox:latest', false],
      [2, 5, 'RUN x', false],
      [2, 5, 'RUN x', true],
      [3, 5, 'RUN echo hi', false],
    ]);
    expect(events.filter((e) => e.kind === 'log').map((e) => e.text)).toEqual([
      'hi',
      'Removing intermediate container 036b53fd51a5',
    ]);
    expect(t.outcome.imageId).toBe('sha256:d006e1993559');
    expect(t.outcome.error).toBeNull();
  });

  it('records an errorDetail with the step that was running', () => {
    const { t } = tracker();
    t.feed({ stream: 'Step 2/2 : RUN exit 3' });
    t.feed({ stream: 'about to fail\n' });
    t.feed({
      errorDetail: { code: 3, message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" },
    });
    expect(t.outcome.error).toBe("The command '/bin/sh -c exit 3' returned a non-zero code: 3");
    expect(t.outcome.failingStep).toBe('RUN exit 3');
    expect(t.outcome.tail).toEqual(['about to fail']);
  });

  it('ignores messages it does not know', () => {
    const { t, events } = tracker();
    t.feed({ status: 'Pulling fs layer', id: 'abc' });
    t.feed({ id: 'moby.buildkit.trace', aux: 42 });
    expect(events).toEqual([]);
    expect(t.outcome).toEqual({ imageId: null, error: null, tail: [], failingStep: null });
  });
});

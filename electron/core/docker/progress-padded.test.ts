/**
 * BuildKit pads step numbers to the width of the step count (`[ 2/11] RUN …`, Go's `%*d` in the
 * Dockerfile frontend's prefixCommand), so a stage of ten or more steps must still report every
 * step. The messages are recorded from the test engine (Docker 20.10, BuildKit) building
 * `FROM busybox:latest` + `RUN echo pad-1` … `RUN echo pad-10`: the announcement of all eleven
 * vertexes, `[ 2/11]` starting, and its output.
 */
import { describe, expect, it } from 'vitest';
import type { BuildProgressEvent } from '../../../shared/api/contract';
import { decodeTrace, encodeTrace, ProgressTracker } from './progress';

/** The `aux` payloads (base64 StatusResponse) of the recorded `moby.buildkit.trace` lines. */
const ANNOUNCE = [
  'CngKR3NoYTI1NjowOGEwM2YzZmZlNWZiYTQyMWE2NDAzYzMxZTE1MzQyNWNlZDYzMWQxMDg4NjhmMzBlMDQ5ODVmOTlkNjkz',
  'MjZlGi1bIDEvMTFdIEZST00gZG9ja2VyLmlvL2xpYnJhcnkvYnVzeWJveDpsYXRlc3QKqgEKR3NoYTI1Njo3NzA2MmIyZWE0',
  'OWEyODhlNGZkYzg1ZmFhMTg2YzdkMTVmM2Y0MWJhODIyM2UwMmE3MWUyMzQ3YWY4YjdjOWQ1EkdzaGEyNTY6MDhhMDNmM2Zm',
  'ZTVmYmE0MjFhNjQwM2MzMWUxNTM0MjVjZWQ2MzFkMTA4ODY4ZjMwZTA0OTg1Zjk5ZDY5MzI2ZRoWWyAyLzExXSBSVU4gZWNo',
  'byBwYWQtMQqqAQpHc2hhMjU2Ojc0MDNlNjRmNDVhMjMyMjBlOWUyMzFiN2Q1ZmU3OWMxMTJjOThlYTFiODUyYjNkMDI3M2I3',
  'ODU0NjBlMGJiZjYSR3NoYTI1Njo3NzA2MmIyZWE0OWEyODhlNGZkYzg1ZmFhMTg2YzdkMTVmM2Y0MWJhODIyM2UwMmE3MWUy',
  'MzQ3YWY4YjdjOWQ1GhZbIDMvMTFdIFJVTiBlY2hvIHBhZC0yCqoBCkdzaGEyNTY6YzdhM2YzNjFjNzVjM2YxODU1NjFlM2Q3',
  'YWVlNTgxYjMzNWVlODRlMzgzYTJkN2FlMWFiY2E2OGYzNWY3Yjc4MhJHc2hhMjU2Ojc0MDNlNjRmNDVhMjMyMjBlOWUyMzFi',
  'N2Q1ZmU3OWMxMTJjOThlYTFiODUyYjNkMDI3M2I3ODU0NjBlMGJiZjYaFlsgNC8xMV0gUlVOIGVjaG8gcGFkLTMKqgEKR3No',
  'YTI1NjowNzQ2MGExNDI4NzJjYWU3YWE4YTQzNjYzZmFhN2NjM2Q2MDk4Njg2NjU2M2Y2MWU2MzEzZDRmNWEzNmFlZDExEkdz',
  'aGEyNTY6YzdhM2YzNjFjNzVjM2YxODU1NjFlM2Q3YWVlNTgxYjMzNWVlODRlMzgzYTJkN2FlMWFiY2E2OGYzNWY3Yjc4MhoW',
  'WyA1LzExXSBSVU4gZWNobyBwYWQtNAqqAQpHc2hhMjU2OjA1Y2IzYzEyZDYyYzgxNmIyNzk1YjhhZmQ1MDJiYzY5ZmJjMDhl',
  'MmQ4NTczNWZjOWI5ODcwODk1MzIyMzcxODQSR3NoYTI1NjowNzQ2MGExNDI4NzJjYWU3YWE4YTQzNjYzZmFhN2NjM2Q2MDk4',
  'Njg2NjU2M2Y2MWU2MzEzZDRmNWEzNmFlZDExGhZbIDYvMTFdIFJVTiBlY2hvIHBhZC01CqoBCkdzaGEyNTY6YTgxMmNkZDIw',
  'NzQ4NWFhM2RhM2RmZDYyNTcwMzczYjJmNWM5MGZhZTI2NDhhZjZhMjQzMmVjNzdmNjliNWQ4ZhJHc2hhMjU2OjA1Y2IzYzEy',
  'ZDYyYzgxNmIyNzk1YjhhZmQ1MDJiYzY5ZmJjMDhlMmQ4NTczNWZjOWI5ODcwODk1MzIyMzcxODQaFlsgNy8xMV0gUlVOIGVj',
  'aG8gcGFkLTYKqgEKR3NoYTI1NjpkYmZkYjEwNzQ4YjgwOTBhN2UyNGM5N2NkZmMyODQxYzlhNjkyZDExMmU2NzQwNWJjNWEw',
  'MzU1MDU4NTM2OWJhEkdzaGEyNTY6YTgxMmNkZDIwNzQ4NWFhM2RhM2RmZDYyNTcwMzczYjJmNWM5MGZhZTI2NDhhZjZhMjQz',
  'MmVjNzdmNjliNWQ4ZhoWWyA4LzExXSBSVU4gZWNobyBwYWQtNwqqAQpHc2hhMjU2OjRmOWU4OGIzZGQ5ZmJhNzg3YzNmYzQ2',
  'OGYxNzQxZjdjMWE3NmVkYjk4YjQyYTJlYjMyYTBkZjQ3YjJmMDQzZGQSR3NoYTI1NjpkYmZkYjEwNzQ4YjgwOTBhN2UyNGM5',
  'N2NkZmMyODQxYzlhNjkyZDExMmU2NzQwNWJjNWEwMzU1MDU4NTM2OWJhGhZbIDkvMTFdIFJVTiBlY2hvIHBhZC04CqoBCkdz',
  'aGEyNTY6MmIzNmUzZTE2NzcwNmI5YzViNjVkMDM3ODhkMTAwNTRhZDI5Y2I5Mzk5MmE3NDU2ZTk1YzMyNDk2Y2YyMzkzZBJH',
  'c2hhMjU2OjRmOWU4OGIzZGQ5ZmJhNzg3YzNmYzQ2OGYxNzQxZjdjMWE3NmVkYjk4YjQyYTJlYjMyYTBkZjQ3YjJmMDQzZGQa',
  'FlsxMC8xMV0gUlVOIGVjaG8gcGFkLTkKqwEKR3NoYTI1NjpiMDVlZjdlMGM0MzRkNmZjNDJmNTQ4ODE1ZDE5NzZjMmM2Mzcy',
  'NjEyNmUxNGVlYzkwNTczYjFlMzljNDUwOTI5EkdzaGEyNTY6MmIzNmUzZTE2NzcwNmI5YzViNjVkMDM3ODhkMTAwNTRhZDI5',
  'Y2I5Mzk5MmE3NDU2ZTk1YzMyNDk2Y2YyMzkzZBoXWzExLzExXSBSVU4gZWNobyBwYWQtMTA=',
].join('');
const STEP2_STARTED = [
  'CrgBCkdzaGEyNTY6NzcwNjJiMmVhNDlhMjg4ZTRmZGM4NWZhYTE4NmM3ZDE1ZjNmNDFiYTgyMjNlMDJhNzFlMjM0N2FmOGI3',
  'YzlkNRJHc2hhMjU2OjA4YTAzZjNmZmU1ZmJhNDIxYTY0MDNjMzFlMTUzNDI1Y2VkNjMxZDEwODg2OGYzMGUwNDk4NWY5OWQ2',
  'OTMyNmUaFlsgMi8xMV0gUlVOIGVjaG8gcGFkLTEqDAjEiazYBhCt2dX5AQ==',
].join('');
const STEP2_LOG = [
  'GmEKR3NoYTI1Njo3NzA2MmIyZWE0OWEyODhlNGZkYzg1ZmFhMTg2YzdkMTVmM2Y0MWJhODIyM2UwMmE3MWUyMzQ3YWY4Yjdj',
  'OWQ1EgwIxIms2AYQrbHIlwIYASIGcGFkLTEK',
].join('');
const trace = (aux: string) => ({ id: 'moby.buildkit.trace', aux });

function tracker() {
  const events: BuildProgressEvent[] = [];
  const t = new ProgressTracker('b', 'original', 11, (e) => events.push(e));
  return { t, events, steps: () => events.filter((e) => e.kind === 'step') };
}

describe('BuildKit step names padded to the step count', () => {
  it('the recorded announcement really carries padded names', () => {
    const names = decodeTrace(ANNOUNCE).vertexes.map((v) => v.name);
    expect(names[0]).toBe('[ 1/11] FROM docker.io/library/busybox:latest');
    expect(names[1]).toBe('[ 2/11] RUN echo pad-1');
    expect(names[10]).toBe('[11/11] RUN echo pad-10');
  });

  it('reports a padded step with its number, the total and the bare instruction', () => {
    const { t, events } = tracker();
    for (const aux of [ANNOUNCE, STEP2_STARTED, STEP2_LOG]) t.feed(trace(aux));
    expect(events).toEqual([
      {
        buildId: 'b',
        variant: 'original',
        kind: 'step',
        step: 1,
        totalSteps: 11,
        instruction: 'RUN echo pad-1',
        cached: false,
      },
      { buildId: 'b', variant: 'original', kind: 'log', text: 'pad-1' },
    ]);
  });

  it('reports every step of a fully cached build, and the failing step without its prefix', () => {
    const { t, steps } = tracker();
    const digest = (n: number) => `sha256:${String(n).padStart(64, '0')}`;
    const name = (n: number) =>
      n === 1 ? '[ 1/11] FROM busybox' : `[${String(n).padStart(2)}/11] RUN echo pad-${n - 1}`;
    const vertexes = Array.from({ length: 11 }, (_, i) => ({ digest: digest(i + 1), name: name(i + 1) }));
    t.feed({ id: 'moby.buildkit.trace', aux: encodeTrace({ vertexes }) });
    t.feed({
      id: 'moby.buildkit.trace',
      aux: encodeTrace({ vertexes: vertexes.map((v) => ({ ...v, cached: true })) }),
    });
    expect(steps().map((e) => [e.step, e.totalSteps, e.instruction, e.cached])).toEqual(
      Array.from({ length: 11 }, (_, i) => [i + 1, 11, i === 0 ? 'FROM busybox' : `RUN echo pad-${i}`, true]),
    );

    const multi = tracker();
    multi.t.feed({
      id: 'moby.buildkit.trace',
      aux: encodeTrace({
        vertexes: [
          {
            digest: digest(1),
            name: '[builder  3/12] RUN make',
            started: { seconds: 1 },
            error: 'exit code: 2',
          },
        ],
      }),
    });
    expect(multi.steps()[0]).toMatchObject({ instruction: 'RUN make', totalSteps: 12 });
    expect(multi.t.outcome).toMatchObject({ failingStep: 'RUN make', error: 'exit code: 2' });
  });
});

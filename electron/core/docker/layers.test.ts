/**
 * Layer → Dockerfile line mapping on image histories recorded from the test engine (Docker 20.10)
 * with `docker history --human=false --no-trunc --format '{{.CreatedBy}}|{{.Size}}'`, newest first
 * as Docker prints them, for the same Dockerfiles built by the classic builder and by BuildKit.
 */
import { describe, expect, it } from 'vitest';
import { instructionText, keywordOf, mapLayers, type HistoryEntry } from './layers';

/** `docker history` lines (newest first) → history entries (oldest first), as imageReport builds them. */
const history = (recorded: string): HistoryEntry[] =>
  recorded
    .trim()
    .split('\n')
    .reverse()
    .map((line) => {
      const bar = line.lastIndexOf('|'); // CreatedBy itself may hold `|1 A=b`
      return { createdBy: line.slice(0, bar), size: Number(line.slice(bar + 1)) };
    });

/** busybox:latest on the engine has 6 history entries and 3 layers. */
const BUSYBOX = `
/bin/sh -c #(nop)  LABEL org.whittle.recipe=2aaa7710a64ede6b654d96e158eb47cb|0
/bin/sh -c #(nop)  CMD ["sh"]|0
/bin/sh -c #(nop)  LABEL org.whittle.standin=true org.whittle.standin-for=docker.io/library/busybox:latest|0
/bin/busybox sh -c for a in $(/bin/busybox --list); do [ -e /bin/$a ] || /bin/busybox ln /bin/busybox /bin/$a; done && rm -f /tmp/.keep /root/.keep /home/.keep && chmod 1777 /tmp && chmod 700 /root|1982256
/bin/sh -c #(nop) COPY file:73e2b2d48642b21b357384b0cb81c1869cc5e0c48a00f61553756196058304b9 in /bin/busybox |1982256
/bin/sh -c #(nop) COPY dir:0ad19491058abd879202efc512c42948072591f3e4390bbd65e9156acdad8e50 in / |495`.trim();
const BASE_ENTRIES = 6;

const APP_DOCKERFILE = `FROM busybox:latest
ARG GREETING=hello
ENV APP_HOME=/app
WORKDIR /app
COPY hello.txt ./
RUN echo "$GREETING" > /app/built.txt && \\
    echo step-output
RUN touch /app/empty-layer-maker
USER nobody
EXPOSE 8080
CMD ["sleep", "60"]
`;
/** Both images have 7 layers: busybox's 3, WORKDIR (creates /app), COPY, RUN, RUN (an empty file). */
const APP_LAYERS = 7;

const APP_CLASSIC = `
/bin/sh -c #(nop)  LABEL whittle.variant=original|0
/bin/sh -c #(nop)  LABEL whittle.project=/tmp/wfx/ctx|0
/bin/sh -c #(nop)  CMD ["sleep" "60"]|0
/bin/sh -c #(nop)  EXPOSE 8080|0
/bin/sh -c #(nop)  USER nobody|0
|1 GREETING=hello /bin/sh -c touch /app/empty-layer-maker|0
|1 GREETING=hello /bin/sh -c echo "$GREETING" > /app/built.txt &&     echo step-output|6
/bin/sh -c #(nop) COPY file:d5e01f9ded2658899111c5b8ae11cf0c8ac54b51891d464eb806b666842816ac in ./ |3
/bin/sh -c #(nop) WORKDIR /app|0
/bin/sh -c #(nop)  ENV APP_HOME=/app|0
/bin/sh -c #(nop)  ARG GREETING=hello|0
${BUSYBOX}`;

const APP_BUILDKIT = `
CMD ["sleep" "60"]|0
EXPOSE map[8080/tcp:{}]|0
USER nobody|0
RUN |1 GREETING=hello /bin/sh -c touch /app/empty-layer-maker # buildkit|0
RUN |1 GREETING=hello /bin/sh -c echo "$GREETING" > /app/built.txt &&     echo step-output # buildkit|6
COPY hello.txt ./ # buildkit|3
WORKDIR /app|0
ENV APP_HOME=/app|0
ARG GREETING=hello|0
${BUSYBOX}`;

/** `WORKDIR /tmp` (exists) and `RUN rm` (a 0 B layer of whiteouts). */
const RM_DOCKERFILE = `FROM busybox:latest
WORKDIR /tmp
RUN rm /bin/wget
COPY hello.txt /data/
`;
/** Classic: 5 layers (the existing /tmp adds none). */
const RM_CLASSIC = `
/bin/sh -c #(nop)  LABEL whittle.variant=original|0
/bin/sh -c #(nop)  LABEL whittle.project=/tmp/wfx/ctx2|0
/bin/sh -c #(nop) COPY file:d5e01f9ded2658899111c5b8ae11cf0c8ac54b51891d464eb806b666842816ac in /data/ |3
/bin/sh -c rm /bin/wget|0
/bin/sh -c #(nop) WORKDIR /tmp|0
${BUSYBOX}`;
/** BuildKit: 6 layers (its mkdir of /tmp still writes a layer). */
const RM_BUILDKIT = `
COPY hello.txt /data/ # buildkit|3
RUN /bin/sh -c rm /bin/wget # buildkit|0
WORKDIR /tmp|0
${BUSYBOX}`;

const digests = (n: number) => Array.from({ length: n }, (_, i) => `sha256:layer${i}`);
const own = (layers: ReturnType<typeof mapLayers>) =>
  layers.filter((l) => !l.isBase).map((l) => [l.index, l.line, l.instruction, l.sizeBytes, l.digest]);

describe('keywordOf', () => {
  it.each([
    ['/bin/sh -c #(nop)  ENV APP_HOME=/app', 'ENV'],
    ['/bin/sh -c #(nop) COPY file:d5e0 in ./ ', 'COPY'],
    ['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR'],
    ['|1 GREETING=hello /bin/sh -c touch /x', 'RUN'],
    ['/bin/sh -c apt-get update', 'RUN'],
    ['/bin/busybox sh -c for a in x; do :; done', 'RUN'],
    ['RUN |1 GREETING=hello /bin/sh -c touch /x # buildkit', 'RUN'],
    ['COPY hello.txt ./ # buildkit', 'COPY'],
    ['EXPOSE map[8080/tcp:{}]', 'EXPOSE'],
    ['WORKDIR /app', 'WORKDIR'],
    ['CMD ["sleep" "60"]', 'CMD'],
  ])('%s → %s', (createdBy, keyword) => {
    expect(keywordOf(createdBy)).toBe(keyword);
  });
});

describe('instructionText', () => {
  it.each([
    ['/bin/sh -c #(nop)  ENV APP_HOME=/app', 'ENV APP_HOME=/app'],
    ['|1 GREETING=hello /bin/sh -c touch /app/x', 'RUN touch /app/x'],
    ['/bin/sh -c rm /bin/wget', 'RUN rm /bin/wget'],
    ['RUN /bin/sh -c rm /bin/wget # buildkit', 'RUN rm /bin/wget'],
    ['RUN |1 GREETING=hello /bin/sh -c touch /app/x # buildkit', 'RUN touch /app/x'],
    ['RUN |2 A=1 B= /bin/sh -c make # buildkit', 'RUN make'],
    ['COPY hello.txt ./ # buildkit', 'COPY hello.txt ./'],
  ])('%s → %s', (createdBy, text) => {
    expect(instructionText(createdBy)).toBe(text);
  });

  it('shortens long commands to 160 characters', () => {
    const t = instructionText(`/bin/sh -c echo ${'x'.repeat(300)}`);
    expect(t).toHaveLength(158);
    expect(t.endsWith('…')).toBe(true);
  });
});

describe('mapLayers', () => {
  it.each([
    ['classic', APP_CLASSIC],
    ['BuildKit', APP_BUILDKIT],
  ])('maps every layer of a %s image to its Dockerfile line', (_builder, recorded) => {
    const layers = mapLayers(history(recorded), BASE_ENTRIES, APP_DOCKERFILE, digests(APP_LAYERS));
    expect(layers).toHaveLength(APP_LAYERS);
    expect(layers.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(layers.slice(0, 3).every((l) => l.isBase && l.line === null)).toBe(true);
    expect(layers.slice(0, 3).map((l) => l.sizeBytes)).toEqual([495, 1982256, 1982256]);
    expect(own(layers).map(([index, line, , size, digest]) => [index, line, size, digest])).toEqual([
      [3, 4, 0, 'sha256:layer3'], // WORKDIR /app
      [4, 5, 3, 'sha256:layer4'], // COPY hello.txt ./
      [5, 6, 6, 'sha256:layer5'], // RUN echo … (starts on line 6)
      [6, 8, 0, 'sha256:layer6'], // RUN touch
    ]);
    expect(layers[6]!.instruction).toBe('RUN touch /app/empty-layer-maker');
    expect(layers[3]!.instruction).toBe('WORKDIR /app');
  });

  it.each([
    [
      'classic',
      RM_CLASSIC,
      5,
      [
        [3, 3, 'RUN rm /bin/wget'],
        [4, 4, 'COPY'],
      ],
    ],
    [
      'BuildKit',
      RM_BUILDKIT,
      6,
      [
        [3, 2, 'WORKDIR /tmp'],
        [4, 3, 'RUN rm /bin/wget'],
        [5, 4, 'COPY'],
      ],
    ],
  ] as const)(
    'tells a 0 B layer from an empty history entry on a %s image by the layer count',
    (_builder, recorded, count, expected) => {
      const layers = mapLayers(history(recorded), BASE_ENTRIES, RM_DOCKERFILE, digests(count));
      expect(layers).toHaveLength(count);
      expect(own(layers).map(([index, line, text]) => [index, line, String(text).split(' ')[0]])).toEqual(
        expected.map(([i, l, t]) => [i, l, t.split(' ')[0]]),
      );
      expect(layers.at(-1)!.digest).toBe(`sha256:layer${count - 1}`);
    },
  );

  it('maps a final stage built FROM an earlier stage through that stage', () => {
    const dockerfile = `FROM busybox:latest AS base
WORKDIR /tmp
RUN rm /bin/wget

FROM base
COPY hello.txt /data/
`;
    const layers = mapLayers(history(RM_BUILDKIT), BASE_ENTRIES, dockerfile, digests(6));
    expect(own(layers).map(([index, line]) => [index, line])).toEqual([
      [3, 2],
      [4, 3],
      [5, 6],
    ]);
  });

  it('flags everything as base when the image adds nothing, and has no lines without a Dockerfile', () => {
    const base = mapLayers(history(BUSYBOX), BASE_ENTRIES, 'FROM busybox:latest\n', digests(3));
    expect(base.map((l) => [l.isBase, l.line])).toEqual([
      [true, null],
      [true, null],
      [true, null],
    ]);
    const noText = mapLayers(history(APP_BUILDKIT), BASE_ENTRIES, '', digests(APP_LAYERS));
    expect(noText).toHaveLength(APP_LAYERS);
    expect(noText.every((l) => l.line === null)).toBe(true);
  });
});

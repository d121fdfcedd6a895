import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../api/contract';
import { EM, type ElfInfo } from '../elf/elf-reader';
import { glibcLinkedFiles, linksGlibc } from '../elf/links-glibc';
import { ctx, df } from '../test/helpers';
import { alpineVariant, applyBaseCandidate, deriveBaseCandidates } from './base-candidates';

const golden = (name: string): string =>
  readFileSync(join(__dirname, '__golden__', `${name}.Dockerfile`), 'utf8');
/** The daemon's facts about the builder (as `collectBaseImageFacts` reads them): golang:1.19 on bookworm. */
const daemon: ProjectContext = {
  ...ctx(),
  baseImages: { 'golang:1.19': { osId: 'debian', osRelease: 'bookworm' } },
};
const images = (text: string, appLinksGlibc?: boolean | null, context = daemon) =>
  deriveBaseCandidates({ text, context, appLinksGlibc }).candidates.map((c) => c.image);
const excludedOf = (text: string, appLinksGlibc?: boolean | null, context = daemon) =>
  Object.fromEntries(
    deriveBaseCandidates({ text, context, appLinksGlibc }).excluded.map((e) => [e.image, e.reason]),
  );

const go = (env: string, final = 'debian:bookworm-slim') =>
  df(
    'FROM golang:1.19 AS build',
    'WORKDIR /src',
    'COPY . .',
    ...(env ? [env] : []),
    'RUN go build -o /out/server .',
    `FROM ${final}`,
    'COPY --from=build /out/server /app/server',
    'EXPOSE 8080',
    'CMD ["/app/server"]',
  );

describe('deriveBaseCandidates: Go', () => {
  it('a Go binary whose sources start other programs gets no distroless base at all', () => {
    const starts = { ...daemon, goSubprocess: true };
    for (const env of ['ENV CGO_ENABLED=0', '']) {
      const t = go(env);
      expect(images(t, false, starts)).toEqual(['debian:bookworm-slim']);
      expect(excludedOf(t, false, starts)['gcr.io/distroless/static-debian12']).toMatch(
        /start other programs/,
      );
    }
  });

  it('a static Go binary (CGO_ENABLED=0) gets distroless static and not the glibc bases', () => {
    const t = go('ENV CGO_ENABLED=0');
    expect(images(t)).toEqual(['debian:bookworm-slim', 'gcr.io/distroless/static-debian12']);
    expect(excludedOf(t)['gcr.io/distroless/base-debian12']).toMatch(/static Go binary needs no libc/);
  });

  it('the golden go-service on distroless static has nothing smaller to try', () => {
    const d = deriveBaseCandidates({ text: golden('go-service'), context: ctx() });
    expect(d.candidates).toEqual([
      expect.objectContaining({ image: 'gcr.io/distroless/static-debian12', isStatic: true, kind: 'static' }),
    ]);
  });

  it('a cgo binary (CGO_ENABLED=1) gets distroless base and cc, never static', () => {
    const t = go('ENV CGO_ENABLED=1');
    expect(images(t)).toEqual([
      'debian:bookworm-slim',
      'gcr.io/distroless/base-debian12',
      'gcr.io/distroless/cc-debian12',
    ]);
    expect(excludedOf(t)['gcr.io/distroless/static-debian12']).toMatch(/CGO_ENABLED=1/);
  });

  it('a Go build that does not set CGO_ENABLED may be static or not: static, base and cc are all measured', () => {
    expect(images(go(''))).toEqual([
      'debian:bookworm-slim',
      'gcr.io/distroless/static-debian12',
      'gcr.io/distroless/base-debian12',
      'gcr.io/distroless/cc-debian12',
    ]);
  });

  it('a builder whose Debian release may be newer than bookworm gets no glibc distroless base', () => {
    const t = go('ENV CGO_ENABLED=1').replace('golang:1.19', 'golang:1.24-trixie');
    expect(images(t)).toEqual(['debian:bookworm-slim']);
    expect(excludedOf(t)['gcr.io/distroless/cc-debian12']).toMatch(/bookworm or older/);
    // Offline, golang:1.19's line may have moved on to trixie: not known, so not tried.
    expect(images(go('ENV CGO_ENABLED=1'), undefined, ctx())).toEqual(['debian:bookworm-slim']);
    // …and the Node side is told whose release to read from the daemon.
    expect(deriveBaseCandidates({ text: go('ENV CGO_ENABLED=1'), context: ctx() }).factsWanted).toEqual([
      'golang:1.19',
    ]);
    expect(deriveBaseCandidates({ text: go('ENV CGO_ENABLED=1'), context: daemon }).factsWanted).toEqual([]);
  });

  it('a final stage that runs a shell, or as a named user distroless lacks, gets no distroless', () => {
    const withRun = go('ENV CGO_ENABLED=0').replace('EXPOSE 8080', 'RUN mkdir /data\nEXPOSE 8080');
    expect(images(withRun)).toEqual(['debian:bookworm-slim']);
    expect(excludedOf(withRun)['gcr.io/distroless/static-debian12']).toMatch(/no shell/);
    const asApp = go('ENV CGO_ENABLED=0').replace('EXPOSE 8080', 'USER app');
    expect(excludedOf(asApp)['gcr.io/distroless/static-debian12']).toMatch(/user `app`/);
    const asNonroot = go('ENV CGO_ENABLED=0').replace('EXPOSE 8080', 'USER 65532:65532');
    expect(images(asNonroot)).toContain('gcr.io/distroless/static-debian12');
    const shellCmd = go('ENV CGO_ENABLED=0').replace('CMD ["/app/server"]', 'CMD /app/server');
    expect(excludedOf(shellCmd)['gcr.io/distroless/static-debian12']).toMatch(/shell form|exec form/);
  });

  it('a script copied from the context (not compiled by a builder) gets no distroless', () => {
    const t = golden('debian-apt');
    expect(images(t)).toEqual(['debian:bookworm-slim']);
  });
});

describe('deriveBaseCandidates: Python, Java, Node', () => {
  it('a python venv on slim: slim stays, no distroless, and alpine is out while glibc use is unknown', () => {
    const d = deriveBaseCandidates({ text: golden('flask-api'), context: ctx() });
    expect(d.candidates.map((c) => c.image)).toEqual(['python:3.9-slim']);
    expect(d.excluded.find((e) => e.image === 'python:3.9-alpine')?.reason).toMatch(/Debian's tools/);
    const bare = df(
      'FROM python:3.9 AS builder',
      'RUN python -m venv /opt/venv && /opt/venv/bin/pip install flask',
      'FROM python:3.9-slim',
      'COPY --from=builder /opt/venv /opt/venv',
      'CMD ["/opt/venv/bin/python", "-m", "flask", "run"]',
    );
    const unknown = deriveBaseCandidates({ text: bare, context: ctx() });
    expect(unknown.candidates.map((c) => c.image)).toEqual(['python:3.9-slim']);
    expect(unknown.alpineVariant).toBe('python:3.9-alpine');
  });

  it('a full python final stage gets its -slim variant as a candidate', () => {
    const t = df('FROM python:3.9', 'COPY app.py .', 'CMD ["python", "app.py"]');
    expect(deriveBaseCandidates({ text: t, context: ctx() }).candidates).toEqual([
      expect.objectContaining({ image: 'python:3.9', kind: 'static' }),
      expect.objectContaining({ image: 'python:3.9-slim', kind: 'slim', isStatic: false }),
    ]);
  });

  it('an app whose runtime links glibc never gets alpine; one that links nothing does', () => {
    const t = df('FROM python:3.9-slim', 'COPY app.py /app/', 'CMD ["python", "/app/app.py"]');
    expect(images(t, true)).toEqual(['python:3.9-slim']);
    expect(excludedOf(t, true)['python:3.9-alpine']).toMatch(/links glibc/);
    expect(images(t, null)).toEqual(['python:3.9-slim']);
    expect(images(t, false)).toEqual(['python:3.9-slim', 'python:3.9-alpine']);
  });

  it('java -jar in exec form gets the distroless Java image of the same major; not with a RUN useradd of its own', () => {
    const t = df(
      'FROM eclipse-temurin:17-jdk AS builder',
      'RUN javac Main.java && jar cfe app.jar Main Main.class',
      'FROM eclipse-temurin:17-jre',
      'WORKDIR /app',
      'COPY --from=builder /app.jar /app/app.jar',
      'USER 65532',
      'CMD ["java", "-jar", "app.jar"]',
    );
    expect(images(t)).toEqual(['eclipse-temurin:17-jre', 'gcr.io/distroless/java17-debian12']);
    const withUser = t.replace('USER 65532', 'RUN useradd --system app\nUSER app');
    expect(images(withUser)).toEqual(['eclipse-temurin:17-jre']);
    expect(excludedOf(withUser)['gcr.io/distroless/java17-debian12']).toMatch(/no shell/);
    // The golden java-app runs a runtime jlinked onto debian:bookworm-slim: distroless cc, not distroless Java.
    expect(images(golden('java-app'))).toEqual(['debian:bookworm-slim', 'gcr.io/distroless/cc-debian12']);
  });

  it('node in exec form gets distroless Node of the same major, unless it runs as the node user', () => {
    const t = df(
      'FROM node:20 AS builder',
      'RUN npm ci --omit=dev',
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --from=builder /app /app',
      'CMD ["node", "dist/server.js"]',
    );
    expect(images(t)).toEqual(['node:20-slim', 'gcr.io/distroless/nodejs20-debian12']);
    expect(excludedOf(t.replace('CMD', 'USER node\nCMD'))['gcr.io/distroless/nodejs20-debian12']).toMatch(
      /user `node`/,
    );
    expect(images(t.replace('CMD ["node", "dist/server.js"]', 'CMD ["npm", "start"]'))).toEqual([
      'node:20-slim',
    ]);
  });

  it('the final FROM on an unresolved ARG or a stage is left alone', () => {
    expect(images(df('ARG IMG', 'FROM ${IMG}', 'CMD ["x"]'))).toEqual([]);
    expect(images(df('FROM golang:1.19 AS b', 'FROM b', 'CMD ["/x"]'))).toEqual(['b']);
  });
});

describe('applyBaseCandidate', () => {
  it('swaps the final FROM only, keeping flags and the stage name', () => {
    const t = df(
      'FROM golang:1.19 AS build',
      'RUN go build -o /x .',
      'FROM --platform=linux/amd64 debian:bookworm-slim AS run',
      'CMD ["/x"]',
    );
    expect(applyBaseCandidate(t, 'gcr.io/distroless/base-debian12')).toBe(
      df(
        'FROM golang:1.19 AS build',
        'RUN go build -o /x .',
        'FROM --platform=linux/amd64 gcr.io/distroless/base-debian12 AS run',
        'CMD ["/x"]',
      ),
    );
  });

  it('drops `node` / `java -jar` from the CMD for the distroless Node/Java ENTRYPOINT, and puts them back', () => {
    const n = df('FROM node:20-slim', 'CMD ["node", "dist/server.js"]');
    const dn = applyBaseCandidate(n, 'gcr.io/distroless/nodejs20-debian12')!;
    expect(dn).toBe(df('FROM gcr.io/distroless/nodejs20-debian12', 'CMD ["dist/server.js"]'));
    expect(applyBaseCandidate(dn, 'node:20-slim')).toBe(n);
    const j = df('FROM eclipse-temurin:17-jre', 'CMD ["java", "-jar", "app.jar", "--port", "8080"]');
    expect(applyBaseCandidate(j, 'gcr.io/distroless/java17-debian12')).toBe(
      df('FROM gcr.io/distroless/java17-debian12', 'CMD ["app.jar", "--port", "8080"]'),
    );
  });
});

describe('alpineVariant', () => {
  it('maps official tags to their alpine variant, and nothing for families without one', () => {
    expect(alpineVariant('python:3.9-slim-bookworm')).toBe('python:3.9-alpine');
    expect(alpineVariant('node:20-slim')).toBe('node:20-alpine');
    expect(alpineVariant('python:slim')).toBe('python:alpine');
    expect(alpineVariant('debian:bookworm-slim')).toBeNull();
    expect(alpineVariant('node:20-alpine')).toBeNull();
  });
});

describe('linksGlibc', () => {
  const elf = (o: Partial<ElfInfo>): ElfInfo => ({
    bits: 64,
    littleEndian: true,
    type: 'dyn',
    machine: EM.X86_64,
    interpreter: null,
    dynamic: true,
    needed: [],
    soname: null,
    rpath: [],
    runpath: [],
    ...o,
  });
  it("tells glibc's loader and sonames from musl's and from static files", () => {
    expect(linksGlibc(elf({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'] }))).toBe(true);
    expect(linksGlibc(elf({ needed: ['libpthread.so.0'] }))).toBe(true);
    expect(
      linksGlibc(elf({ interpreter: '/lib/ld-musl-x86_64.so.1', needed: ['libc.musl-x86_64.so.1'] })),
    ).toBe(false);
    expect(linksGlibc(elf({ dynamic: false, type: 'exec' }))).toBe(false);
    expect(linksGlibc(elf({ needed: ['libxml2.so.2'] }))).toBe(false);
    const files = new Map([
      ['/app/b', elf({ needed: ['libc.so.6'] })],
      ['/app/a', elf({ interpreter: '/lib/ld-linux-aarch64.so.1' })],
      ['/app/s', elf({ dynamic: false })],
    ]);
    expect(glibcLinkedFiles(files)).toEqual(['/app/a', '/app/b']);
  });
});

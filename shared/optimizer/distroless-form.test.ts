import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/config';
import { parseDockerfile } from '../dockerfile/parse';
import { finalStage } from '../dockerfile/model';
import { readJlinkRuntime } from '../rules/multi-stage/java-jlink-distroless';
import { ctx, df } from '../test/helpers';
import { deriveBaseCandidates, type BaseCandidateSpec } from './base-candidates';
import { optimize } from './index';

const golden = (name: string): string =>
  readFileSync(join(__dirname, '__golden__', `${name}.Dockerfile`), 'utf8');
const daemon = { ...ctx(), baseImages: { 'golang:1.19': { osId: 'debian', osRelease: 'bookworm' } } };
const spec = (text: string, image: string, extra = {}): BaseCandidateSpec | undefined =>
  deriveBaseCandidates({ text, context: daemon, ...extra }).candidates.find((c) => c.image === image);
const finalLines = (text: string): string[] => {
  const m = parseDockerfile(text);
  return finalStage(m).instructions.map((i) => i.raw.split('\n')[0]!.trim());
};

describe('distroless candidates: WH014 linked Java runtime on distroless cc', () => {
  const cc = 'gcr.io/distroless/cc-debian12';

  it('the golden java-app: a helper stage does the RUN, the stage runs as nonroot instead of useradd', () => {
    const c = spec(golden('java-app'), cc)!;
    expect(c.kind).toBe('distroless');
    expect(c.fallbackText).toBeUndefined(); // it already ran as a user (WH050's), not as root by default
    const text = c.text!;
    const m = parseDockerfile(text);
    expect(m.stages.map((s) => s.name ?? s.image.raw)).toEqual(['builder', 'whittle-java-runtime', cc]);
    const helper = m.stages[1]!;
    expect(helper.image.raw).toBe('debian:bookworm-slim');
    const run = helper.instructions.find((i) => i.keyword === 'RUN')!.args;
    expect(run).toContain('localedef -i en_US -f UTF-8 en_US.UTF-8');
    expect(run).toMatch(/libawt\.so \]; then echo .*exit 1/);
    // The base's own files decide which libraries the helper adds (libz.so.1 for Debian's OpenJDK).
    expect(helper.instructions.map((i) => i.raw)).toContain(`COPY --from=${cc} / /whittle-base/`);
    expect(finalLines(text)).toEqual([
      'ENV JAVA_HOME=/opt/java/openjdk \\',
      'COPY --from=builder /opt/jre /opt/java/openjdk',
      'COPY --from=whittle-java-runtime /out/ /',
      'ENV LANG=en_US.UTF-8 \\',
      'WORKDIR /app',
      'COPY --chown=65532:65532 . .',
      'COPY --from=builder /app/app.jar /app/app.jar',
      'EXPOSE 8080',
      'USER nonroot:nonroot',
      'CMD ["java", "-jar", "app.jar"]',
    ]);
    expect(c.reason).toMatch(/helper stage/);
  });

  it("keeps the file's style and the final stage's name: lower-case keywords, `AS runtime`", () => {
    const t = golden('java-app')
      .replace(/^([A-Z]+)(?= )/gm, (k) => k.toLowerCase())
      .replace('from debian:bookworm-slim\n', 'from debian:bookworm-slim as runtime\n');
    const c = spec(t, cc)!;
    const m = parseDockerfile(c.text!);
    expect(m.stages.map((s) => s.name)).toEqual(['builder', 'whittle-java-runtime', 'runtime']);
    expect(c.text).toContain('from debian:bookworm-slim as whittle-java-runtime\n');
    expect(c.text).toContain(`from ${cc} as runtime\n`);
    expect(c.text).toContain('copy --from=whittle-java-runtime /out/ /\n');
    expect(c.text).toContain('user nonroot:nonroot\n');
  });

  it('a runtime RUN edited by hand, or another base, is not recognised: no cc candidate', () => {
    const t = golden('java-app').replace(
      'rm -rf /var/lib/apt/lists/*',
      'rm -rf /var/lib/apt/lists/* && curl -V',
    );
    expect(readJlinkRuntime(finalStage(parseDockerfile(t)))).toBeNull();
    expect(spec(t, cc)).toBeUndefined();
    expect(readJlinkRuntime(finalStage(parseDockerfile(golden('java-app'))))).not.toBeNull();
  });

  it('a runtime that compiles no locale (C.UTF-8 image) and runs as root still gets cc, as nonroot first', () => {
    const t = df(
      'FROM eclipse-temurin:17-jdk AS builder',
      'RUN javac Main.java && jar cfe /app.jar Main Main.class',
      'FROM eclipse-temurin:17-jre',
      'COPY --from=builder /app.jar /app.jar',
      'CMD ["java", "-jar", "/app.jar"]',
    );
    const opt = optimize(
      t,
      { ...ctx(), baseImages: { 'eclipse-temurin:17-jre': { env: ['LANG=C.UTF-8'] } } },
      {
        disabled: ['WH050'],
      },
    ).text;
    expect(opt).toContain('FROM debian:bookworm-slim');
    const c = spec(opt, cc)!;
    expect(c.text).toContain('USER nonroot:nonroot');
    expect(c.fallbackText).not.toContain('USER');
    expect(c.fallbackText).not.toContain('localedef');
    expect(c.fallbackText).toContain('COPY --from=whittle-java-runtime /out/ /');
  });
});

describe('distroless candidates: the user', () => {
  const statik = 'gcr.io/distroless/static-debian12';
  const goApp = (...tail: string[]) =>
    df(
      'FROM golang:1.19 AS build',
      'WORKDIR /src',
      'COPY . .',
      'ENV CGO_ENABLED=0',
      'RUN go build -o /out/server .',
      'FROM debian:bookworm-slim',
      'WORKDIR /app',
      'COPY templates/ templates/',
      'COPY --from=build /out/server /app/server',
      'EXPOSE 8080',
      ...tail,
      'CMD ["/app/server"]',
    );

  it("WH050's useradd becomes distroless's nonroot, its --chown 65532 (not a blocker any more)", () => {
    const t = goApp(
      'RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app && \\',
      '    chown app:app /app',
      'USER app',
    ).replace('COPY templates/', 'COPY --chown=10001:10001 templates/');
    const c = spec(t, statik)!;
    expect(c.fallbackText).toBeUndefined();
    expect(finalLines(c.text!)).toEqual([
      'WORKDIR /app',
      'COPY --chown=65532:65532 templates/ templates/',
      'COPY --from=build /out/server /app/server',
      'EXPOSE 8080',
      'USER nonroot:nonroot',
      'CMD ["/app/server"]',
    ]);
    // A useradd of another shape (a home, another shell) is the user's own: still blocked.
    const own = t.replace('--no-create-home --shell /usr/sbin/nologin', '--create-home');
    expect(spec(own, statik)).toBeUndefined();
    // …and so is WH050's RUN when it also hands state folders over (that needs a shell).
    const dirs = t.replace('chown app:app /app', 'mkdir -p /app/data && chown -R app:app /app/data');
    expect(spec(dirs, statik)).toBeUndefined();
  });

  it('a stage running as root by default gets the nonroot variant WH050 writes, the root one as fallback', () => {
    const c = spec(goApp(), statik)!;
    expect(c.text).toContain('USER nonroot:nonroot\nCMD ["/app/server"]');
    expect(c.text).toContain('COPY --chown=65532:65532 templates/ templates/');
    expect(c.fallbackText).toContain(`FROM ${statik}\n`);
    expect(c.fallbackText).not.toContain('USER');
    expect(c.reason).toMatch(/nonroot \(uid 65532\).*else as root/);
  });

  it('no nonroot variant when USER root is written, WH050 is off, or WH050 holds back on distroless', () => {
    const explicit = spec(goApp('USER root'), statik)!;
    expect(explicit.text).toBeUndefined();
    expect(explicit.fallbackText).toBeUndefined();
    const off = spec(goApp(), statik, { disabled: ['WH050'] })!;
    expect(off.fallbackText).toBeUndefined();
    const offByConfig = spec(goApp(), statik, { config: { ...DEFAULT_CONFIG, disabled: ['WH050'] } })!;
    expect(offByConfig.fallbackText).toBeUndefined();
    // A port below 1024: WH050 holds back, so does the candidate.
    const low = spec(goApp().replace('EXPOSE 8080', 'EXPOSE 80'), statik)!;
    expect(low.text).toBeUndefined();
    expect(low.fallbackText).toBeUndefined();
  });
});

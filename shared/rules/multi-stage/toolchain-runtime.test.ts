/**
 * WH013 (issue 11 B8): a final stage that only runs what it copies from another stage but sits
 * on a toolchain image moves to the lean runtime; a JDK's is WH004's finding, fixed by WH013.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/parse';
import { optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';

const p = ctx(['go.mod', 'main.go']);

// WH013's own move: WH014 (which links a runtime for a jar on the JRE afterwards) is tested in java-jlink.test.ts.
const opts = { disabled: ['WH014'] };

function run(text: string) {
  const res = optimize(text, p, opts);
  parseDockerfile(res.text);
  expect(optimize(res.text, p, opts).text).toBe(res.text);
  const runtime = res.text.split(/^(?=FROM )/m).slice(-1)[0]!;
  const f = (id: string) => res.findings.find((x) => x.ruleId === id);
  return { out: res.text, runtime, f, explanation: res.fixes.find((x) => x.ruleId === 'WH013')?.explanation };
}

const GO_BUILD = (build: string, from = 'golang:1.21') => [
  `FROM ${from} AS build`,
  'WORKDIR /src',
  'COPY . .',
  build,
  '',
];

describe('final stage on a toolchain image (B8)', () => {
  it.each([
    ['inline', 'RUN CGO_ENABLED=0 go build -o /out/app .'],
    ['ENV', 'ENV CGO_ENABLED=0\nRUN go build -o /out/app .'],
    ['export', 'RUN export CGO_ENABLED=0 && go build -o /out/app .'],
  ])('moves a CGO-free Go binary (%s) to distroless static', (_n, build) => {
    const { runtime, f } = run(
      df(
        ...GO_BUILD(build),
        'FROM golang:1.21',
        'COPY --from=build /out/app /usr/local/bin/app',
        'CMD ["app"]',
      ),
    );
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/static-debian12\n/);
    expect(runtime).toContain('WORKDIR /go'); // golang's WORKDIR: relative paths keep their meaning
    expect(f('WH013')?.fixed).toBe(true);
  });

  it.each([
    ['a build without CGO_ENABLED', 'RUN go build -o /out/app .', 'golang:1.21', /cc-debian12/],
    ['a cgo build', 'RUN CGO_ENABLED=1 go build -o /out/app .', 'golang:1.21', /cc-debian12/],
    ['a trixie toolchain', 'RUN go build -o /out/app .', 'golang:1.24-trixie', /cc-debian13/],
  ])('moves a Go binary from %s to a glibc runtime of the same release', (_n, build, from, image) => {
    const { runtime } = run(
      df(...GO_BUILD(build), `FROM ${from}`, 'COPY --from=build /out/app /app', 'CMD ["/app"]'),
    );
    expect(runtime).toMatch(image);
    expect(runtime).not.toMatch(/static/);
  });

  it('moves a binary copied by stage index and turns a plain shell-form CMD into exec form', () => {
    const { runtime } = run(
      df(
        ...GO_BUILD('RUN CGO_ENABLED=0 go build -o /out/app .'),
        'FROM golang:1.21',
        'COPY --from=0 /out/app /app',
        'CMD /app --serve',
      ),
    );
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/static-debian12/);
    expect(runtime).toContain('CMD ["/app", "--serve"]');
  });

  it('keeps the toolchain image, with the reason, when the stage needs a shell or the toolchain', () => {
    const base = GO_BUILD('RUN CGO_ENABLED=0 go build -o /out/app .');
    const cases: [string[], RegExp][] = [
      [['COPY --from=build /out/app /app', 'RUN chmod +x /app', 'CMD ["/app"]'], /shell/],
      [['COPY --from=build /out/app /app', 'CMD /app | tee log'], /shell/],
      [['COPY --from=build /src /src', 'WORKDIR /src', 'CMD ["go", "run", "."]'], /go/],
      [['COPY --from=build /out/app /app'], /CMD or ENTRYPOINT/],
      [['COPY --from=build /out/app /app', 'USER app', 'CMD ["/app"]'], /USER app/],
    ];
    for (const [tail, why] of cases) {
      const { runtime, f } = run(df(...base, 'FROM golang:1.21', ...tail));
      expect(runtime).toMatch(/^FROM golang:1.21/);
      expect(f('WH013')?.risk).toMatch(why);
    }
  });

  it('holds back when the binary comes from a stage that installed C headers (alpine builder: musl)', () => {
    const headers = run(
      df(
        'FROM golang:1.21 AS build',
        'RUN apt-get update && apt-get install -y librdkafka-dev',
        'COPY . .',
        'RUN go build -o /out/app .',
        'FROM golang:1.21',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(headers.f('WH013')?.risk).toMatch(/headers/);
    const alpine = run(
      df(
        ...GO_BUILD('RUN go build -o /out/app .', 'golang:1.21-alpine'),
        'FROM golang:1.21-alpine',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(alpine.runtime).toMatch(/^FROM golang:1.21-alpine/);
    expect(alpine.f('WH013')?.risk).toMatch(/musl/);
  });

  it('holds back when a file comes from an image or a non-Go stage (its libraries are unknown)', () => {
    for (const copy of [
      'COPY --from=ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.24 /ko-app/grpc-health-probe /bin/probe',
      'COPY --from=cbuild /out/tool /bin/tool',
    ]) {
      const { runtime, f } = run(
        df(
          ...GO_BUILD('RUN CGO_ENABLED=0 go build -o /out/app .'),
          'FROM debian:bookworm AS cbuild',
          'RUN mkdir /out && echo x > /out/tool',
          'FROM golang:1.21',
          'COPY --from=build /out/app /app',
          copy,
          'CMD ["/app"]',
        ),
      );
      expect(runtime).toMatch(/^FROM golang:1.21/);
      expect(f('WH013')?.risk).toMatch(/not a Go build stage/);
    }
  });

  it('drops --platform=$BUILDPLATFORM from the moved runtime', () => {
    const { runtime } = run(
      df(
        ...GO_BUILD('RUN CGO_ENABLED=0 go build -o /out/app .', '--platform=$BUILDPLATFORM golang:1.21'),
        'FROM --platform=$BUILDPLATFORM golang:1.21',
        'COPY --from=build /out/app /app',
        'CMD ["/app"]',
      ),
    );
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/static-debian12\n/);
  });

  it.each([
    ['maven:3.9-eclipse-temurin-17', 'eclipse-temurin:17-jre'],
    ['gradle:8.5-jdk21', 'eclipse-temurin:21-jre'],
    ['eclipse-temurin:17-jdk', 'eclipse-temurin:17-jre'],
    ['openjdk:17', 'eclipse-temurin:17-jre'],
  ])('runs a copied jar from %s on %s (WH004 fixed)', (from, jre) => {
    const { runtime, f, explanation } = run(
      df(
        'FROM maven:3.9-eclipse-temurin-17 AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN mvn -q package',
        `FROM ${from}`,
        'COPY --from=build /src/target/app.jar /app/app.jar',
        'CMD ["java", "-jar", "/app/app.jar"]',
      ),
    );
    expect(runtime).toMatch(new RegExp(`^FROM ${jre.replace('.', '\\.')}\\n`));
    expect(f('WH004')?.fixed).toBe(true);
    expect(f('WH013')).toBeUndefined(); // one finding per problem
    expect(explanation).toMatch(/JRE|jre/);
  });

  it("keeps gradle's WORKDIR for a relative jar path", () => {
    const { runtime } = run(
      df(
        'FROM gradle:8.5-jdk17 AS build',
        'COPY . .',
        'RUN gradle bootJar',
        'FROM gradle:8.5-jdk17',
        'COPY --from=build /home/gradle/build/libs/app.jar app.jar',
        'CMD ["java", "-jar", "app.jar"]',
      ),
    );
    expect(runtime).toMatch(/^FROM eclipse-temurin:17-jre\nWORKDIR \/home\/gradle\n/);
  });

  it('keeps a JDK when the stage runs a JDK tool, naming it on WH004', () => {
    const { runtime, f } = run(
      df(
        'FROM eclipse-temurin:17-jdk AS build',
        'COPY . .',
        'RUN ./mvnw package',
        'FROM eclipse-temurin:17-jdk',
        'COPY --from=build /target/app.jar /app.jar',
        'HEALTHCHECK CMD jcmd 1 VM.uptime',
        'CMD ["java", "-jar", "/app.jar"]',
      ),
    );
    expect(runtime).toMatch(/^FROM eclipse-temurin:17-jdk/);
    expect(f('WH004')?.fixed).toBe(false);
    expect(f('WH004')?.risk).toMatch(/jcmd/);
  });

  it('gives rust advice only (its linked libraries are unknown)', () => {
    const { runtime, f } = run(
      df(
        'FROM rust:1.75 AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN cargo build --release',
        'FROM rust:1.75',
        'COPY --from=build /src/target/release/app /usr/local/bin/app',
        'CMD ["app"]',
      ),
    );
    expect(runtime).toMatch(/^FROM rust:1.75/);
    expect(f('WH013')?.risk).toMatch(/ldd/);
  });

  it('leaves a full node runtime stage to WH001 (slim)', () => {
    const { runtime } = run(
      df(
        'FROM node:20 AS build',
        'WORKDIR /app',
        'COPY . .',
        'RUN npm ci && npm run build',
        'FROM node:20',
        'WORKDIR /app',
        'COPY --from=build /app/dist ./dist',
        'COPY --from=build /app/node_modules ./node_modules',
        'CMD ["node", "dist/index.js"]',
      ),
    );
    expect(runtime).toMatch(/^FROM node:20-slim\n/);
  });
});

describe('Java images named through ARG (B6)', () => {
  const JAR = ['COPY --from=build /src/target/app.jar /app/app.jar', 'CMD ["java", "-jar", "/app/app.jar"]'];
  const BUILD = ['WORKDIR /src', 'COPY . .', 'RUN mvn -q package', 'CMD ["java", "-jar", "target/app.jar"]'];

  it.each([
    [['ARG JAVA=17', 'FROM eclipse-temurin:${JAVA}-jdk'], 'FROM eclipse-temurin:${JAVA}-jre'],
    [['ARG JAVA=21', 'FROM eclipse-temurin:${JAVA}-jdk-jammy'], 'FROM eclipse-temurin:${JAVA}-jre'],
    [['ARG MVN=3.9', 'FROM maven:${MVN}-eclipse-temurin-17'], 'FROM eclipse-temurin:17-jre'],
  ])('a runtime stage on %j follows the arg: %s', (head, from) => {
    // Global ARGs come before the first FROM.
    const text = df(
      head[0]!,
      'FROM maven:3.9-eclipse-temurin-17 AS build',
      ...BUILD.slice(0, 3),
      head[1]!,
      ...JAR,
    );
    expect(run(text).runtime.split('\n')[0]).toBe(from);
  });

  it('the WH010 split keeps the arg in the JRE tag, or holds back when it cannot', () => {
    const split = run(df('ARG JAVA=17', 'FROM eclipse-temurin:${JAVA}-jdk', ...BUILD));
    expect(split.runtime.split('\n')[0]).toBe('FROM eclipse-temurin:${JAVA}-jre');
    const held = run(df('ARG JAVA=17', 'FROM maven:3.9-eclipse-temurin-${JAVA}', ...BUILD));
    expect(held.out).not.toMatch(/jre/);
    expect(held.f('WH010')?.risk).toMatch(/build arg/);
  });
});

/**
 * The Go recipes on real images (issue 11 B6, B8): a Go service whose base image is named
 * through an ARG with `--platform=$BUILDPLATFORM` (WH010 split), and a two-stage file whose final
 * stage sits on golang only to run the copied binary (WH013). The optimized images must build,
 * print the program's line, and carry no Go toolchain. The project context is read from disk, so
 * the `cgo` hint (no `import "C"`) is what lets the plain build go static.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { optimize } from '../../../shared/optimizer/index';
import { readProjectContext } from '../project';
import {
  buildOnHost,
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  removeDir,
  removeImages,
  runToExit,
} from './test-kit';

const ARG_NAMED = [
  'ARG GO_VERSION=1.19',
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}',
  'WORKDIR /src',
  'COPY go.mod ./',
  'COPY . .',
  'RUN go build -o /app/server .',
  'CMD ["/app/server"]',
  '',
].join('\n');

const TOOLCHAIN_RUNTIME = [
  'FROM golang:1.19 AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/app .',
  '',
  'FROM golang:1.19',
  'COPY --from=build /out/app /usr/local/bin/app',
  'CMD ["app"]',
  '',
].join('\n');

describeDocker('Go recipes on real images', () => {
  let docker: Dockerode;
  let dir = '';
  const word = nonce();
  const images = new Set<string>();

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext(
      {
        'go.mod': 'module example.com/hello\n\ngo 1.19\n',
        'main.go': `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello ${word}") }\n`,
        '.dockerignore': '.git\n',
      },
      'whittle-test-stages-',
    );
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  const build = (text: string, variant: 'original' | 'optimized') =>
    buildOnHost(docker, { dir, text, variant, buildId: `stages-${variant}` }, images);

  const run = (image: string) => runToExit(docker, image);

  /** Builds original and optimized, runs both, and checks the optimized one is smaller and has no toolchain. */
  const check = async (original: string, optimized: string) => {
    const [o, s] = [await build(original, 'original'), await build(optimized, 'optimized')];
    expect((await run(o)).out).toContain(`hello ${word}`);
    const started = await run(s);
    expect(started.code).toBe(0);
    expect(started.out).toContain(`hello ${word}`);
    const [oi, si] = await Promise.all([o, s].map((id) => docker.getImage(id).inspect()));
    expect(si!.Size).toBeLessThan(oi!.Size / 10);
  };

  it('splits an ARG-named golang image on $BUILDPLATFORM onto distroless static', async () => {
    const ctx = await readProjectContext(dir);
    expect(ctx.cgo).toBe(false);
    const text = optimize(ARG_NAMED, ctx).text;
    expect(text).toMatch(/^FROM --platform=\$BUILDPLATFORM golang:\$\{GO_VERSION\} AS builder$/m);
    expect(text).toMatch(/^FROM gcr\.io\/distroless\/static-debian12$/m);
    await check(ARG_NAMED, text);
  }, 600_000);

  it('moves a final stage that only runs a copied CGO_ENABLED=0 binary off golang (WH013)', async () => {
    const text = optimize(TOOLCHAIN_RUNTIME, await readProjectContext(dir)).text;
    expect(text).toMatch(/^FROM gcr\.io\/distroless\/static-debian12$/m);
    await check(TOOLCHAIN_RUNTIME, text);
  }, 600_000);
});

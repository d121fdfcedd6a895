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
import { buildImage } from './build';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  progressLog,
  removeDir,
  removeImages,
} from './test-kit';

/** Text of a non-TTY container's log stream (8-byte frame headers). */
function demux(buf: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + len).toString('utf8');
    i += 8 + len;
  }
  return out;
}

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

  const build = async (text: string, variant: 'original' | 'optimized') => {
    const { imageId } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: text,
        variant,
        buildId: `stages-${variant}`,
        buildkit: true,
        signal: new AbortController().signal,
        network: 'host',
      },
      progressLog().emit,
    );
    images.add(imageId);
    return imageId;
  };

  const run = async (image: string) => {
    const c = await docker.createContainer({ Image: image, HostConfig: { NetworkMode: 'none' } });
    try {
      await c.start();
      const { StatusCode } = (await c.wait()) as { StatusCode: number };
      return { code: StatusCode, out: demux((await c.logs({ stdout: true, stderr: true })) as Buffer) };
    } finally {
      await c.remove({ force: true }).catch(() => undefined);
    }
  };

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

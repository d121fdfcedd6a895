/**
 * The base chosen by measurement on real images (DOCKER_HOST): a Go HTTP server built without
 * CGO_ENABLED (so cgo is on and the binary links glibc for `net`) runs on debian:bookworm-slim.
 * The candidates are distroless static, base and cc; static lacks libc.so.6 and is rejected by
 * "Runtime libraries resolve" with the soname as evidence, base and cc pass, and the smallest
 * passing one (base) is offered: its image keeps the `optimized` tag, the others are removed.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { VerifyProgressEvent } from '../../../shared/api/verify';
import { DEFAULT_CONFIG } from '../../../shared/config/config';
import { buildImage } from '../docker/build';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  progressLog,
  removeDir,
  removeImages,
} from '../docker/test-kit';
import { verifyRewrite } from './verify-rewrite';

const MAIN_GO = `package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	_ = http.ListenAndServe(":8080", nil)
}
`;

describeDocker('choose-base: the smallest base that passes the checks', () => {
  let docker: Dockerode;
  let dir: string | undefined;
  const images = new Set<string>();

  beforeAll(() => {
    docker = dockerClient();
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  it('rejects distroless static (libc.so.6 missing) and keeps distroless base for a cgo Go binary', async () => {
    const dockerfile = [
      'FROM golang:1.19 AS build',
      'WORKDIR /src',
      'COPY main.go .',
      `RUN echo ${nonce()} && go build -o /out/server main.go`,
      'FROM debian:bookworm-slim',
      'COPY --from=build /out/server /app/server',
      'EXPOSE 8080',
      'CMD ["/app/server"]',
      '',
    ].join('\n');
    dir = await makeContext({ Dockerfile: dockerfile, 'main.go': MAIN_GO }, 'whittle-test-base14-');
    const { imageId } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: dockerfile,
        variant: 'original',
        buildId: 'base-original',
        buildkit: true,
        signal: new AbortController().signal,
        network: 'host',
      },
      progressLog().emit,
    );
    images.add(imageId);
    const events: VerifyProgressEvent[] = [];
    const out = await verifyRewrite({
      docker,
      dir,
      originalText: dockerfile,
      originalImage: imageId,
      context: { files: ['Dockerfile', 'main.go'], dockerignore: null },
      config: DEFAULT_CONFIG,
      buildkit: true,
      network: 'host',
      options: { budgetMs: 8 * 60_000 },
      verifyId: `base-${nonce()}`,
      signal: new AbortController().signal,
      emitBuild: () => undefined,
      emitVerify: (e) => events.push(e),
      // No fixes: the optimized Dockerfile is the original; only the base is measured.
      rewrite: () => ({ text: dockerfile, dockerignore: null, applied: [] }),
    });
    images.add(out.imageId);
    const v = out.verification;
    const rows = v.baseCandidates ?? [];
    const by = (image: string) => rows.find((r) => r.image === image);
    console.log(
      rows.map(
        (r) => `${r.image} ${r.status} ${r.sizeBytes} B ${r.buildMs} ms ${r.failed.map((f) => f.checkId)}`,
      ),
    );
    expect(rows.map((r) => r.image)).toEqual([
      'debian:bookworm-slim',
      'gcr.io/distroless/static-debian12',
      'gcr.io/distroless/base-debian12',
      'gcr.io/distroless/cc-debian12',
    ]);
    const statik = by('gcr.io/distroless/static-debian12')!;
    expect(statik.status).toBe('fail');
    expect(statik.failed[0]!.checkId).toBe('runtime-libraries');
    expect(statik.failed[0]!.evidence.join('\n')).toMatch(/libc\.so\.6 \(needed by \/app\/server/);
    expect(by('gcr.io/distroless/base-debian12')).toMatchObject({ status: 'pass', chosen: true });
    expect(by('gcr.io/distroless/cc-debian12')).toMatchObject({ status: 'pass', chosen: false });
    expect(by('debian:bookworm-slim')).toMatchObject({ status: 'pass', chosen: false, isStatic: true });
    const base = by('gcr.io/distroless/base-debian12')!;
    expect(base.sizeBytes!).toBeLessThan(by('debian:bookworm-slim')!.sizeBytes!);
    expect(base.sizeBytes!).toBeLessThan(by('gcr.io/distroless/cc-debian12')!.sizeBytes!);
    expect(base.passed).toEqual(['same-config', 'runtime-libraries', 'starts-and-answers', 'writes-as-user']);
    expect(base.buildMs).toBeGreaterThan(0);
    // The offered Dockerfile and image are the chosen base's; every check passes on it.
    expect(v.status).toBe('verified');
    expect(v.rebuilds).toBe(4); // the loop's one build, then one per candidate base
    expect(v.offeredText).toContain('FROM gcr.io/distroless/base-debian12\n');
    expect(out.text).toBe(v.offeredText);
    expect((await docker.getImage(out.imageId).inspect()).Size).toBe(base.sizeBytes);
    expect(v.checks.every((p) => !p.regression)).toBe(true);
    expect(
      events.some((e) => e.phase === 'base' && /Base chosen: gcr.io\/distroless\/base-debian12/.test(e.text)),
    ).toBe(true);
    // The rejected and the larger candidates' images are gone.
    const left = await docker.listImages({ filters: { label: [`whittle.project=${dir}`] } });
    expect(left.map((i) => i.Id).sort()).toEqual([imageId, out.imageId].sort());
  }, 900_000);
});

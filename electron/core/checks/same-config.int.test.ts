/**
 * The same-config check on the real engine (DOCKER_HOST) for a Go service split onto distroless:
 * golang:1.19's toolchain env (GOLANG_VERSION, GOPATH, GOTOOLCHAIN) is not in the runtime image.
 * Inherited unchanged from the original's base it is reported, not failed; a GOPATH the Dockerfile
 * set itself, or an unknown base, still fails. Only config-only builds (no RUN): cheap.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buildOnHost,
  describeDocker,
  dockerClient,
  makeContext,
  removeDir,
  removeImages,
} from '../docker/test-kit';
import { sameConfig } from './same-config';
import type { CheckTarget } from './types';

const ORIGINAL = 'FROM golang:1.19\nWORKDIR /app\nEXPOSE 8080\nCMD ["/app/server"]\n';
const OWN_GOPATH = 'FROM golang:1.19\nENV GOPATH=/srv/go\nWORKDIR /app\nEXPOSE 8080\nCMD ["/app/server"]\n';
const RUNTIME =
  'FROM gcr.io/distroless/static-debian12\nWORKDIR /app\nEXPOSE 8080\nUSER nonroot:nonroot\nCMD ["/app/server"]\n';

describeDocker('same-config check: a Go build base split onto distroless', () => {
  let docker: Dockerode;
  let dir: string;
  const images = new Set<string>();
  const build = (text: string, variant: 'original' | 'optimized', id: string) =>
    buildOnHost(docker, { dir, text, variant, buildId: `same-config-${id}` }, images);

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext({ 'main.go': 'package main\n' });
  });

  afterAll(async () => {
    if (docker) await removeImages(docker, images);
    await removeDir(dir);
  });

  it('reports the inherited toolchain env as lost with the build base, and fails what the Dockerfile set', async () => {
    const runtime = await build(RUNTIME, 'optimized', 'runtime');
    const original = await build(ORIGINAL, 'original', 'original');
    const t = (image: string, role: CheckTarget['role'], baseImage?: string): CheckTarget => ({
      docker,
      image,
      role,
      ...(baseImage ? { baseImage } : {}),
    });

    const known = await sameConfig.run(t(original, 'original', 'golang:1.19'), t(runtime, 'optimized'));
    expect(known.optimized.status).toBe('pass');
    expect(known.optimized.evidence.join('\n')).toMatch(
      /envKeys lost with the build base's toolchain: .*GOPATH/,
    );

    // Without the base the keys cannot be told from the app's own: the check stays strict.
    const unknown = await sameConfig.run(t(original, 'original'), t(runtime, 'optimized'));
    expect(unknown.optimized.status).toBe('fail');

    const own = await build(OWN_GOPATH, 'original', 'own-gopath');
    const set = await sameConfig.run(t(own, 'original', 'golang:1.19'), t(runtime, 'optimized'));
    expect(set.optimized.status).toBe('fail');
    expect(set.optimized.evidence).toContain('envKeys lost: GOPATH');
  }, 120_000);
});

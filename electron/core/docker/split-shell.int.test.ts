/**
 * A SHELL above the build on a real split: the builder's RUN uses bash (`[[ … ]]`), so a builder
 * without the SHELL runs it with /bin/sh (dash), the test fails, the binary is never built and the
 * runtime's COPY --from fails. The optimized Go image must build and print what the original prints.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { optimize } from '../../../shared/optimizer/index';
import { readProjectContext } from '../project';
import {
  buildAndRunBoth,
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  removeDir,
  removeImages,
} from './test-kit';

const DF = [
  'FROM golang:1.19',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  'WORKDIR /src',
  'COPY . .',
  'RUN [[ -f go.mod ]] && go build -o /app/server .',
  'CMD ["/app/server"]',
  '',
].join('\n');

describeDocker('a SHELL above the build goes to the builder', () => {
  let docker: Dockerode;
  let dir = '';
  const word = nonce();
  const images = new Set<string>();

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext(
      {
        'go.mod': 'module example.com/hello\n\ngo 1.19\n',
        'main.go': `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("bash ${word}") }\n`,
        '.dockerignore': '.git\n',
        Dockerfile: DF,
      },
      'whittle-test-redpoly-shell-',
    );
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  it('builds the split and runs it', async () => {
    const res = optimize(DF, await readProjectContext(dir));
    expect(res.text).toMatch(/AS builder\nSHELL \["\/bin\/bash"/);
    for (const run of await buildAndRunBoth(
      docker,
      dir,
      { original: DF, optimized: res.text },
      'redpoly-shell',
      images,
    )) {
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain(`bash ${word}`);
    }
  }, 600_000);
});

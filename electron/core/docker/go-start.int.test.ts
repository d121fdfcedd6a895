/**
 * A Go service started through an entrypoint script (`#!/bin/sh`, exec "$@"): on distroless the
 * script has no shell and the container fails at start, so the split is held back; the image
 * Whittle offers must start and print what the original prints.
 */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
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
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /app/server .',
  'ENTRYPOINT ["/src/docker-entrypoint.sh"]',
  'CMD ["/app/server"]',
  '',
].join('\n');

describeDocker('a Go start through an entrypoint script stays off distroless', () => {
  let docker: Dockerode;
  let dir = '';
  const word = nonce();
  const images = new Set<string>();

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext(
      {
        'go.mod': 'module example.com/hello\n\ngo 1.19\n',
        'main.go': `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("entry ${word}") }\n`,
        'docker-entrypoint.sh': '#!/bin/sh\nset -e\nexec "$@"\n',
        '.dockerignore': '.git\n',
        Dockerfile: DF,
      },
      'whittle-test-redpoly-entry-',
    );
    await chmod(join(dir, 'docker-entrypoint.sh'), 0o755);
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  it('holds back the split with the reason, and the offered image starts', async () => {
    const res = optimize(DF, await readProjectContext(dir));
    expect(res.text).not.toMatch(/distroless/);
    expect(res.findings.find((f) => f.ruleId === 'WH010')?.risk).toMatch(/not the Go binary/);
    for (const run of await buildAndRunBoth(
      docker,
      dir,
      { original: DF, optimized: res.text },
      'redpoly-entry',
      images,
    )) {
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain(`entry ${word}`);
    }
  }, 600_000);
});

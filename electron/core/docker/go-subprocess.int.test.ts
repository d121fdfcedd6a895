/**
 * A Go program that starts another program (`exec.Command("sh", …)`) on a real build: the project
 * is read from disk (ProjectContext.goSubprocess), so the split keeps it off distroless — where
 * no shell exists and the program would fail with "executable file not found" — and the optimized
 * image prints what the original prints. Built on the engine, run without network.
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
  'WORKDIR /src',
  'COPY . .',
  'RUN go build -o /app/server .',
  'CMD ["/app/server"]',
  '',
].join('\n');

describeDocker('a Go program that starts other programs stays off distroless', () => {
  let docker: Dockerode;
  let dir = '';
  const word = nonce();
  const images = new Set<string>();

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext(
      {
        'go.mod': 'module example.com/runner\n\ngo 1.19\n',
        'main.go': `package main\n\nimport (\n\t"fmt"\n\t"os/exec"\n)\n\nfunc main() {\n\tout, err := exec.Command("sh", "-c", "echo shell ${word}").Output()\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Print(string(out))\n}\n`,
        '.dockerignore': '.git\n',
        Dockerfile: DF,
      },
      'whittle-test-redpoly-exec-',
    );
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  it('reads the fact from disk, holds back the split with the reason, and the image still runs the shell', async () => {
    const context = await readProjectContext(dir);
    expect(context.goSubprocess).toBe(true);
    const res = optimize(DF, context);
    expect(res.text).not.toMatch(/distroless/);
    expect(res.findings.find((f) => f.ruleId === 'WH010')?.risk).toMatch(/start other programs/);
    for (const run of await buildAndRunBoth(
      docker,
      dir,
      { original: DF, optimized: res.text },
      'redpoly-exec',
      images,
    )) {
      expect(run.code, run.out).toBe(0);
      expect(run.out).toContain(`shell ${word}`);
    }
  }, 600_000);
});

/**
 * The Go split runs on distroless only when the start is the binary the build writes: an
 * entrypoint script, a wrapper (tini) or another program has nothing to run it there.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { optimize } from '../../optimizer/index';
import { df } from '../../test/helpers';

const p: ProjectContext = {
  files: ['go.mod', 'main.go', 'docker-entrypoint.sh'],
  dockerignore: '.git\n',
  manifests: { 'go.mod': 'module x\n\ngo 1.22\n' },
  cgo: false,
  goSubprocess: false,
  scripts: { 'docker-entrypoint.sh': '#!/bin/bash\nset -e\nexec "$@"\n' },
};
const go = (...start: string[]) =>
  df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o server .', ...start);
const wh010 = (text: string) => {
  const res = optimize(text, p);
  return { text: res.text, risk: res.findings.find((f) => f.ruleId === 'WH010')?.risk ?? null };
};

describe('Go split: the start must be the binary', () => {
  it.each([
    ['an entrypoint script (exec form)', ['ENTRYPOINT ["/app/docker-entrypoint.sh"]', 'CMD ["./server"]']],
    ['a relative entrypoint script', ['ENTRYPOINT ["./docker-entrypoint.sh"]', 'CMD ["./server"]']],
    ['a wrapper', ['ENTRYPOINT ["tini", "--"]', 'CMD ["/app/server"]']],
    ['a shell-form script', ['CMD ./docker-entrypoint.sh ./server']],
    ['a bare name outside PATH', ['CMD ["server"]']],
    ['no start at all', []],
  ])('holds back for %s', (_, start) => {
    const r = wh010(go(...start));
    expect(r.risk).toMatch(/not the Go binary|no CMD or ENTRYPOINT/);
    expect(r.text).not.toMatch(/distroless/);
  });

  it.each([
    ['a relative path', ['CMD ["./server"]']],
    ['an absolute path', ['CMD ["/app/server"]']],
    ['the binary as ENTRYPOINT with CMD arguments', ['ENTRYPOINT ["/app/server"]', 'CMD ["--port", "8080"]']],
    ['shell form', ['CMD ./server --port 8080']],
  ])('splits for %s', (_, start) => {
    const r = wh010(go(...start));
    expect(r.risk).toBeNull();
    expect(r.text).toMatch(/distroless\/static/);
  });

  it('finds a bare name on distroless PATH or an ENV PATH of the stage', () => {
    const onPath = df(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .',
      'CMD ["app"]',
    );
    expect(wh010(onPath).risk).toBeNull();
    const envPath = df(
      'FROM golang:1.22',
      'ENV PATH=/opt/app/bin:$PATH',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /opt/app/bin/app .',
      'CMD ["app"]',
    );
    expect(wh010(envPath).risk).toBeNull();
  });
});

describe('WH013 (a golang final stage that only runs a copied binary): the start must be that binary', () => {
  const two = (copy: string, ...start: string[]) =>
    df(
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/server .',
      'FROM golang:1.22',
      copy,
      'COPY docker-entrypoint.sh /usr/local/bin/',
      ...start,
    );
  const wh013 = (text: string) => {
    const res = optimize(text, p);
    return { text: res.text, risk: res.findings.find((f) => f.ruleId === 'WH013')?.risk ?? null };
  };

  it('holds back for an entrypoint script', () => {
    const r = wh013(
      two(
        'COPY --from=build /out/server /usr/local/bin/server',
        'ENTRYPOINT ["docker-entrypoint.sh"]',
        'CMD ["server"]',
      ),
    );
    expect(r.risk).toMatch(/runs docker-entrypoint\.sh, not the Go binary/);
    expect(r.text).not.toMatch(/distroless/);
  });

  it.each([
    ['the copied file by name', 'COPY --from=build /out/server /usr/local/bin/server', 'CMD ["server"]'],
    ['the copied file by path', 'COPY --from=build /out/server /app/server', 'CMD ["/app/server"]'],
    ['a file of a folder copied whole', 'COPY --from=build /out/ /app/', 'ENTRYPOINT ["/app/server"]'],
  ])('moves to distroless for %s', (_, copy, start) => {
    const r = wh013(two(copy, start));
    expect(r.risk).toBeNull();
    expect(r.text).toMatch(/distroless\/static/);
  });
});

import { describe, expect, it } from 'vitest';
import { optimize } from '../../optimizer/index';
import { ctx, df, onlyFix } from '../../test/helpers';

const project = {
  ...ctx(['go.mod', 'main.go']),
  manifests: { 'go.mod': 'module example.com/app\n\ngo 1.21\n' },
  cgo: false,
};

describe('go recipe: the golang image works in /go (resolver)', () => {
  it('a relative -o without WORKDIR: the binary is /go/app and the runtime runs in /go', () => {
    const text = df('FROM golang:1.21', 'COPY . .', 'RUN go build -o app .', 'CMD ["./app"]');
    const out = onlyFix('WH010', text, project);
    expect(out).toContain('COPY --from=builder /go/app /go/app');
    expect(out).toMatch(/FROM gcr\.io\/distroless\/static-debian12\nWORKDIR \/go\n/);
    const once = optimize(text, project).text;
    expect(optimize(once, project).text).toBe(once);
  });

  it('an absolute WORKDIR first: no WORKDIR added to the runtime', () => {
    const out = onlyFix(
      'WH010',
      df('FROM golang:1.21', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /bin/app .', 'CMD ["/bin/app"]'),
      project,
    );
    expect(out).toContain('COPY --from=builder /bin/app /bin/app');
    expect(out).not.toContain('WORKDIR /go');
  });
});

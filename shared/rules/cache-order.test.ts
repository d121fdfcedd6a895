import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../api/contract';
import { optimize } from '../optimizer/index';
import { df, onlyFix } from '../test/helpers';

const wh033 = (text: string, ctx: ProjectContext) =>
  optimize(text, ctx).findings.find((f) => f.ruleId === 'WH033');

const GO_MOD = 'module example.com/svc\n\ngo 1.19\n\nrequire github.com/go-chi/chi/v5 v5.0.10\n';

describe('WH033 cache order for go mod download and bundle install', () => {
  const goText = df(
    'FROM golang:1.19',
    'WORKDIR /src',
    'COPY . .',
    'RUN go mod download',
    'RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server',
    'CMD ["/out/server"]',
  );
  const goCtx = (gomod = GO_MOD, extra: string[] = []): ProjectContext => ({
    files: ['go.mod', 'go.sum', 'cmd/server/main.go', ...extra],
    dockerignore: '.git\n',
    manifests: { 'go.mod': gomod, 'go.sum': '' },
  });

  it('go mod download: go.mod and go.sum first, the sources after the download', () => {
    const out = onlyFix('WH033', goText, goCtx());
    expect(out).toContain('COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build');
    expect(onlyFix('WH033', out, goCtx())).toBe(out);
    expect(optimize(out, goCtx()).findings.map((f) => f.ruleId)).not.toContain('WH033');
  });

  it('only manifests that exist are copied (no go.sum without dependencies)', () => {
    const ctx: ProjectContext = { ...goCtx(), files: ['go.mod', 'main.go'] };
    expect(onlyFix('WH033', goText, ctx)).toContain('COPY go.mod ./\nRUN go mod download\nCOPY . .');
  });

  it('a local replace or a go.work is advice: go mod download reads those folders', () => {
    const replaced = `${GO_MOD}\nreplace example.com/lib => ../lib\n`;
    expect(wh033(goText, goCtx(replaced))?.risk).toMatch(/replace/);
    expect(onlyFix('WH033', goText, goCtx(replaced))).toBe(goText);
    expect(wh033(goText, goCtx(GO_MOD, ['go.work']))?.risk).toMatch(/go\.work/);
  });

  const rubyText = df(
    'FROM ruby:3.2-slim',
    'WORKDIR /app',
    'COPY . .',
    'RUN bundle install',
    'CMD ["ruby", "app.rb"]',
  );
  const rubyCtx = (gemfile: string): ProjectContext => ({
    files: ['Gemfile', 'Gemfile.lock', 'app.rb', 'mygem.gemspec'],
    dockerignore: '.git\n',
    manifests: { Gemfile: gemfile, 'Gemfile.lock': '' },
  });

  it('bundle install: Gemfile and Gemfile.lock first', () => {
    const out = onlyFix('WH033', rubyText, rubyCtx("source 'https://rubygems.org'\ngem 'sinatra'\n"));
    expect(out).toContain('COPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .');
  });

  it('vendor/cache (gems bundled with the app) is copied with the manifests', () => {
    const ctx = rubyCtx("source 'https://rubygems.org'\ngem 'pg'\n");
    ctx.files.push('vendor/cache/pg-1.5.4.gem');
    const text = rubyText.replace('bundle install', 'bundle install --local');
    expect(onlyFix('WH033', text, ctx)).toContain(
      'COPY Gemfile Gemfile.lock ./\nCOPY vendor/cache ./vendor/cache\nRUN bundle install --local\nCOPY . .',
    );
  });

  it('a Gemfile that reads other files (gemspec, path:, ruby file:) is advice, not a rewrite', () => {
    for (const g of ['gemspec\n', "gem 'x', path: 'vendor/x'\n", 'ruby file: ".ruby-version"\n']) {
      const ctx = rubyCtx(`source 'https://rubygems.org'\n${g}`);
      expect(wh033(rubyText, ctx)?.risk).toMatch(/reads other project files/);
      expect(onlyFix('WH033', rubyText, ctx)).toBe(rubyText);
    }
  });
});

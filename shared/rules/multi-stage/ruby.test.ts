import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { optimize } from '../../optimizer/index';
import { df } from '../../test/helpers';

const lock = (...specs: string[]): string =>
  [
    'GEM',
    '  remote: https://rubygems.org/',
    '  specs:',
    ...specs.map((s) => `    ${s}`),
    '',
    'PLATFORMS',
    '  ruby',
    '  x86_64-linux',
    '',
    'DEPENDENCIES',
    '  rack',
    '',
    'BUNDLED WITH',
    '   2.4.10',
    '',
  ].join('\n');

const project = (
  gemfileLock: string | null,
  gemfile = "source 'https://rubygems.org'\ngem 'rack'\n",
): ProjectContext => ({
  files: ['Gemfile', ...(gemfileLock !== null ? ['Gemfile.lock'] : []), 'config.ru', 'app.rb'],
  dockerignore: '.git\n',
  manifests: { Gemfile: gemfile, ...(gemfileLock !== null ? { 'Gemfile.lock': gemfileLock } : {}) },
});

const rackApp = df(
  'FROM ruby:3.2',
  'WORKDIR /app',
  'COPY . .',
  'RUN bundle install',
  'CMD ["bundle", "exec", "rackup"]',
);

/** The final stage's text (after the last FROM). */
const runtime = (text: string): string => text.slice(text.lastIndexOf('\nFROM ') + 1);

/** Optimized text, checked idempotent and with no WH010 left on re-analysis. */
function optimized(text: string, ctx: ProjectContext): string {
  const once = optimize(text, ctx).text;
  expect(optimize(once, ctx).text).toBe(once);
  expect(optimize(once, ctx).findings.map((f) => f.ruleId)).not.toContain('WH010');
  return once;
}

const wh010 = (text: string, ctx: ProjectContext) =>
  optimize(text, ctx).findings.find((f) => f.ruleId === 'WH010');

describe('Ruby multi-stage recipe (WH010)', () => {
  it('pg: gems built in a full builder, runtime on slim with libpq5 and the gem folder, no compilers', () => {
    const out = optimized(
      rackApp,
      project(lock('pg (1.5.4)', 'rack (3.0.8)', 'puma (6.4.0)', '  nio4r (~> 2.0)', 'nio4r (2.5.9)')),
    );
    expect(out).toMatch(/^FROM ruby:3\.2 AS builder\n/);
    expect(out).toContain('COPY Gemfile Gemfile.lock ./\nRUN bundle install\n');
    const rt = runtime(out);
    expect(rt).toMatch(/^FROM ruby:3\.2-slim\n/);
    expect(rt).toContain('apt-get install -y --no-install-recommends libpq5');
    expect(rt).toContain('COPY --from=builder /usr/local/bundle /usr/local/bundle');
    expect(rt).not.toMatch(/bundle install|build-essential|libpq-dev/);
    expect(rt).toContain('CMD ["bundle", "exec", "rackup"]');
  });

  it('nokogiri built from source gets libxml2 and libxslt1.1; the precompiled gem needs nothing', () => {
    const source = runtime(
      optimized(rackApp, project(lock('nokogiri (1.15.5)', '  racc (~> 1.4)', 'racc (1.7.3)'))),
    );
    expect(source).toContain('install -y --no-install-recommends libxml2 libxslt1.1');
    const pre = runtime(optimized(rackApp, project(lock('nokogiri (1.15.5-x86_64-linux)', 'racc (1.7.3)'))));
    expect(pre).not.toContain('apt-get');
    expect(pre).toContain('COPY --from=builder /usr/local/bundle /usr/local/bundle');
  });

  it('only pure gems: no apt RUN in the runtime; a Gemfile without a lock is read too', () => {
    const locked = runtime(optimized(rackApp, project(lock('rack (3.0.8)', 'sinatra (3.1.0)'))));
    expect(locked).not.toContain('apt-get');
    const unlocked = runtime(
      optimized(rackApp, project(null, "source 'https://rubygems.org'\ngem \"sinatra\"\ngem 'mysql2'\n")),
    );
    expect(unlocked).toContain('install -y --no-install-recommends libmariadb3');
  });

  it('slim original that apt-installs build-essential and libpq-dev: both go to the builder, libpq5 once in the runtime', () => {
    const text = df(
      'FROM ruby:3.2-slim',
      'RUN apt-get update && apt-get install -y build-essential libpq-dev && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
      'COPY Gemfile Gemfile.lock ./',
      'RUN bundle install',
      'COPY . .',
      'CMD ["bundle", "exec", "rackup"]',
    );
    const out = optimized(text, project(lock('pg (1.5.4)', 'rack (3.0.8)')));
    const [builder, rt] = [out.slice(0, out.indexOf(runtime(out))), runtime(out)];
    expect(builder).toMatch(/^FROM ruby:3\.2-slim AS builder\n/);
    expect(builder).toContain('build-essential libpq-dev');
    expect(rt).toMatch(/^FROM ruby:3\.2-slim\n/);
    expect(rt).not.toMatch(/build-essential|libpq-dev|bundle install/);
    expect(rt.match(/libpq5/g)).toHaveLength(1);
    expect(rt).toContain('COPY --from=builder /usr/local/bundle /usr/local/bundle');
  });

  it('a slim original that installs no build packages is left alone', () => {
    const text = df(
      'FROM ruby:3.2-slim',
      'WORKDIR /app',
      'COPY . .',
      'RUN bundle install',
      'CMD ["ruby", "app.rb"]',
    );
    expect(wh010(text, project(lock('rack (3.0.8)')))).toBeUndefined();
  });

  it("bundle config runs in the runtime too, with --local (root's ~/.bundle is not copied and a later USER would not read it)", () => {
    const own = df(
      'FROM ruby:3.2',
      'WORKDIR /app',
      "RUN bundle config set without 'development test'",
      'COPY Gemfile Gemfile.lock ./',
      'RUN bundle install',
      'COPY . .',
      'CMD ["ruby", "app.rb"]',
    );
    expect(runtime(optimized(own, project(lock('rack (3.0.8)'))))).toContain(
      "RUN bundle config set --local without 'development test'",
    );
    const mixed = df(
      'FROM ruby:3.2',
      'WORKDIR /app',
      'COPY Gemfile Gemfile.lock ./',
      "RUN bundle config set without 'development test' && bundle install --jobs 4",
      'COPY . .',
      'CMD ["ruby", "app.rb"]',
    );
    const rt = runtime(optimized(mixed, project(lock('rack (3.0.8)'))));
    expect(rt).toContain("RUN bundle config set --local without 'development test'\n");
    expect(rt).not.toContain('bundle install');
  });

  it('holds back with the reason: unknown native gem, app-folder installs, mixed RUNs, release-specific libraries', () => {
    expect(wh010(rackApp, project(lock('rugged (1.7.1)')))?.risk).toMatch(/rugged/);
    const deploy = df(
      'FROM ruby:3.2',
      'WORKDIR /app',
      'COPY . .',
      'RUN bundle install --deployment',
      'CMD ["ruby", "app.rb"]',
    );
    expect(wh010(deploy, project(lock('rack (3.0.8)')))?.risk).toMatch(/app folder/);
    const env = df(
      'FROM ruby:3.2',
      'ENV BUNDLE_DEPLOYMENT=1',
      'WORKDIR /app',
      'COPY . .',
      'RUN bundle install',
      'CMD ["ruby", "app.rb"]',
    );
    expect(wh010(env, project(lock('rack (3.0.8)')))?.risk).toMatch(/vendor\/bundle/);
    const mixed = df(
      'FROM ruby:3.2',
      'WORKDIR /app',
      'COPY . .',
      'RUN bundle install && bundle exec rake assets:precompile',
      'CMD ["ruby", "app.rb"]',
    );
    expect(wh010(mixed, project(lock('rack (3.0.8)')))?.risk).toMatch(/mixes/);
    expect(wh010(rackApp, project(lock('charlock_holmes (0.7.7)')))?.risk).toMatch(/Debian release/);
    const bookworm = rackApp.replace('ruby:3.2', 'ruby:3.2-bookworm');
    expect(runtime(optimized(bookworm, project(lock('charlock_holmes (0.7.7)'))))).toContain('libicu72');
    const noManifests: ProjectContext = { files: ['Gemfile'], dockerignore: '.git\n' };
    expect(wh010(rackApp, noManifests)?.risk).toMatch(/Gemfile/);
    expect(optimize(rackApp, noManifests).text).toMatch(/^FROM ruby:3\.2\n/);
  });

  it('a gem from a local path holds back (its extension builds in the app folder)', () => {
    const withPath = lock('rack (3.0.8)') + '\nPATH\n  remote: vendor/mygem\n  specs:\n    mygem (0.1.0)\n';
    expect(wh010(rackApp, project(withPath))?.risk).toMatch(/local path/);
  });
});

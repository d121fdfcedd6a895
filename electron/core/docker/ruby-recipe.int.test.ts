/**
 * The Ruby recipe (WH010) on real images: a `FROM ruby:3.2` app whose `pg` gem has a native
 * extension linking libpq is split into a builder and a `ruby:3.2-slim` runtime; the optimized
 * image must build, load the extension (libpq5 installed in the runtime) and carry no compiler.
 * RubyGems is not reachable from the test engine, so the gem ships in vendor/cache: a minimal
 * `pg` gem (a C extension calling PQlibVersion) packed here in RubyGems' .gem format (a tar of
 * metadata.gz and data.tar.gz). The control case drops the runtime's libpq5: the extension
 * must then fail to load, which shows the library is what the recipe had to add.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type Dockerode from 'dockerode';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { optimize } from '../../../shared/optimizer/index';
import { readProjectContext } from '../project';
import {
  buildOnHost,
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  removeDir,
  removeImages,
  runToExit,
} from './test-kit';

const SPEC = `--- !ruby/object:Gem::Specification
name: pg
version: !ruby/object:Gem::Version
  version: 0.0.1
platform: ruby
authors:
- whittle
bindir: bin
cert_chain: []
date: 2024-01-01 00:00:00.000000000 Z
dependencies: []
executables: []
extensions:
- ext/pg/extconf.rb
extra_rdoc_files: []
files:
- ext/pg/extconf.rb
- ext/pg/pg_ext.c
- lib/pg.rb
licenses: []
metadata: {}
rdoc_options: []
require_paths:
- lib
required_ruby_version: !ruby/object:Gem::Requirement
  requirements:
  - - ">="
    - !ruby/object:Gem::Version
      version: '0'
required_rubygems_version: !ruby/object:Gem::Requirement
  requirements:
  - - ">="
    - !ruby/object:Gem::Version
      version: '0'
requirements: []
rubygems_version: 3.3.15
specification_version: 4
summary: libpq check
test_files: []
`;

const GEM_FILES: Record<string, string> = {
  'ext/pg/extconf.rb':
    "require 'mkmf'\ndir_config('pq', '/usr/include/postgresql', '/usr/lib')\nabort 'libpq missing' unless have_library('pq', 'PQlibVersion', 'libpq-fe.h')\ncreate_makefile('pg_ext')\n",
  'ext/pg/pg_ext.c':
    '#include <ruby.h>\n#include <libpq-fe.h>\nstatic VALUE v(VALUE self) { return INT2NUM(PQlibVersion()); }\nvoid Init_pg_ext(void) { VALUE m = rb_define_module("PG"); rb_define_singleton_method(m, "libpq_version", v, 0); }\n',
  'lib/pg.rb': "require 'pg_ext'\n",
};

function tarOf(entries: Record<string, Buffer | string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(entries)) pack.entry({ name, mode: 0o644 }, body);
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
}

/** A .gem: an uncompressed tar holding metadata.gz (the YAML gemspec) and data.tar.gz (the files). */
async function pgGem(): Promise<Buffer> {
  const data = gzipSync(await tarOf(GEM_FILES));
  return tarOf({ 'metadata.gz': gzipSync(SPEC), 'data.tar.gz': data });
}

const ORIGINAL = [
  'FROM ruby:3.2',
  'WORKDIR /app',
  'COPY . .',
  'RUN bundle install --local',
  'CMD ["bundle", "exec", "ruby", "app.rb"]',
  '',
].join('\n');

describeDocker('Ruby recipe on real images', () => {
  let docker: Dockerode;
  let dir = '';
  const images = new Set<string>();

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext(
      {
        Gemfile: "source 'https://rubygems.org'\ngem 'pg', '0.0.1'\n",
        'Gemfile.lock':
          'GEM\n  remote: https://rubygems.org/\n  specs:\n    pg (0.0.1)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  pg (= 0.0.1)\n',
        'app.rb': `require 'pg'\nputs "libpq #{PG.libpq_version} ${nonce()}"\n`,
        '.dockerignore': '.git\n',
      },
      'whittle-test-langs-',
    );
    await fs.mkdir(path.join(dir, 'vendor/cache'), { recursive: true });
    await fs.writeFile(path.join(dir, 'vendor/cache/pg-0.0.1.gem'), await pgGem());
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  const build = (text: string, variant: 'original' | 'optimized') =>
    buildOnHost(docker, { dir, text, variant, buildId: `langs-${variant}` }, images);

  /** Runs `cmd` (or the image's CMD) and returns exit code and output. */
  const run = (image: string, cmd?: string[]) => runToExit(docker, image, cmd);

  it('builds, loads the native gem on ruby:3.2-slim with libpq5, and ships no compiler', async () => {
    const ctx = await readProjectContext(dir);
    const res = optimize(ORIGINAL, ctx);
    const text = res.text;
    expect(text).toMatch(/AS builder/);
    expect(text).toContain('FROM ruby:3.2-slim');
    expect(text).toContain('libpq5');
    expect(text).toContain('COPY vendor/cache ./vendor/cache');
    const original = await build(ORIGINAL, 'original');
    expect((await run(original)).out).toMatch(/libpq \d+/);
    const optimized = await build(text, 'optimized');
    const started = await run(optimized);
    expect(started.out).toMatch(/libpq \d+/);
    expect(started.code).toBe(0);
    expect((await run(optimized, ['sh', '-c', 'command -v gcc cc make || echo none'])).out.trim()).toBe(
      'none',
    );
    const [o, s] = await Promise.all([original, optimized].map((id) => docker.getImage(id).inspect()));
    expect(s!.Size).toBeLessThan(o!.Size / 2);

    // Control: without the runtime library the extension cannot load.
    const noLib = text.replace(/RUN apt-get update[^]*?libpq5[^]*?lists\/\*\n/, '');
    expect(noLib).not.toContain('libpq5');
    const broken = await run(await build(noLib, 'optimized'));
    expect(broken.code).not.toBe(0);
    expect(broken.out).toMatch(/libpq\.so\.5/);
  }, 600_000);
});

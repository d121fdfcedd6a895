/**
 * WH021 must not take away a recommended package the install relies on (red-team fault: on
 * python:3.9-slim, `apt-get install -y gcc` → `--no-install-recommends -y gcc` left gcc without
 * libc6-dev, and the next `pip install` of a C extension failed on `stdio.h`). Small exact ones are
 * named in the fix; broad ones (pip's and npm's build toolchain, imagemagick's coders) and package
 * lists Whittle cannot read hold the fix back with the reason.
 */
import { describe, expect, it } from 'vitest';
import { optimize } from '../optimizer/index';
import { ctx, df, onlyFix } from '../test/helpers';
import { appendArgs } from './apt-no-install-recommends';

const stage = (from: string, run: string) =>
  df(`FROM ${from}`, 'WORKDIR /app', 'COPY . .', run, 'CMD ["./app"]');
const wh021 = (text: string) => optimize(text, ctx()).findings.find((f) => f.ruleId === 'WH021');

describe('WH021 keeps the recommended packages an install relies on', () => {
  it.each([
    ['python:3.9-slim', 'RUN apt-get update && apt-get install -y gcc'],
    ['debian:bookworm-slim', 'RUN apt-get update && apt-get -y install gcc-12 make'],
    ['ubuntu:22.04', 'RUN apt update && apt install -y gcc=4:11.2.0-1ubuntu1 && rm -rf /var/lib/apt/lists/*'],
    ['debian:bullseye-slim', 'RUN apt-get install -y --quiet gcc:amd64 | tee /tmp/apt.log'],
  ])('gcc on %s gets libc6-dev by name', (from, run) => {
    const out = onlyFix('WH021', stage(from, run));
    const line = out.split('\n').find((l) => /install/.test(l))!;
    expect(line).toContain('--no-install-recommends');
    expect(line).toMatch(/gcc\S* (make )?libc6-dev/);
    // before a pipe, not as an argument of `tee`
    if (/tee/.test(run)) expect(line).toMatch(/libc6-dev \| tee/);
    expect(wh021(out)).toBeUndefined();
  });

  it('does not add libc6-dev twice, nor where build-essential brings it', () => {
    expect(onlyFix('WH021', stage('debian:bookworm-slim', 'RUN apt-get install -y gcc libc6-dev'))).toMatch(
      /--no-install-recommends -y gcc libc6-dev\n/,
    );
    expect(
      onlyFix('WH021', stage('debian:bookworm-slim', 'RUN apt-get install -y build-essential')),
    ).not.toMatch(/libc6-dev/);
  });

  it('nodejs keeps ca-certificates, as curl/wget/git do', () => {
    expect(onlyFix('WH021', stage('debian:bookworm-slim', 'RUN apt-get install -y nodejs'))).toMatch(
      /install --no-install-recommends -y nodejs ca-certificates/,
    );
  });

  it.each([
    [
      'python3-pip',
      'RUN apt-get update && apt-get install -y python3 python3-pip',
      /python3-pip recommends build-essential/,
    ],
    ['npm', 'RUN apt-get install -y nodejs npm', /npm recommends git and build-essential/],
    ['imagemagick', 'RUN apt-get install -y imagemagick', /imagemagick recommends ghostscript/],
    ['wkhtmltopdf', 'RUN apt-get install -y wkhtmltopdf', /xvfb/],
    ['a variable', 'RUN apt-get install -y $BUILD_DEPS', /\$BUILD_DEPS, which Whittle cannot read/],
    ['a braced variable', 'RUN apt-get install -y curl "python${PY}-dev"', /python\$\{PY\}-dev/],
  ])('%s holds the fix back with the reason', (_what, run, why) => {
    const text = stage('debian:bookworm-slim', run);
    const out = optimize(text, ctx());
    expect(out.text).not.toContain('--no-install-recommends');
    const f = out.findings.find((x) => x.ruleId === 'WH021')!;
    expect(f.fixed).toBe(false);
    expect(f.risk).toMatch(why);
  });

  it.each([
    ['rustc', 'RUN apt-get install -y rustc', /-y rustc cargo/],
    ['cmake', 'RUN apt-get install -y cmake', /-y cmake gcc make libc6-dev/],
    ['git', 'RUN apt-get install -y git', /-y git ca-certificates openssh-client patch/],
  ])(
    '%s keeps what the next RUN runs (review: rustc without cargo, cmake without a compiler)',
    (_w, run, want) => {
      expect(onlyFix('WH021', stage('debian:bookworm-slim', run))).toMatch(want);
    },
  );

  it.each([
    ['golang-go', 'RUN apt-get install -y golang-go', /golang-go recommends gcc/],
    ['golang-1.19-go', 'RUN apt-get install -y golang-1.19-go', /cgo/],
    ['bundler', 'RUN apt-get install -y ruby bundler', /bundler recommends build-essential and ruby-dev/],
    ['composer', 'RUN apt-get install -y php-cli composer', /composer recommends git and unzip/],
    ['r-base-core', 'RUN apt-get install -y r-base-core', /r-base-dev/],
  ])('%s holds the fix back with the reason', (_w, run, why) => {
    const out = optimize(stage('debian:bookworm-slim', run), ctx());
    expect(out.text).not.toContain('--no-install-recommends');
    expect(out.findings.find((x) => x.ruleId === 'WH021')!.risk).toMatch(why);
  });

  it('one risky install in a RUN holds the whole RUN back, as analyze reports it (no half fix called fixed)', () => {
    const text = stage(
      'debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y python3-pip && apt-get install -y curl',
    );
    const out = optimize(text, ctx());
    expect(out.text).not.toContain('--no-install-recommends');
    const f = out.findings.find((x) => x.ruleId === 'WH021')!;
    expect(f.fixed).toBe(false);
    expect(f.risk).toMatch(/python3-pip/);
  });

  it('adds words before a redirection or pipe', () => {
    expect(appendArgs('apt-get install -y gcc 2>&1 >/dev/null', ['libc6-dev'])).toBe(
      'apt-get install -y gcc libc6-dev 2>&1 >/dev/null',
    );
    expect(appendArgs('apt-get install -y "gcc"&>/dev/null', ['x'])).toBe(
      'apt-get install -y "gcc" x &>/dev/null',
    );
    expect(appendArgs("apt-get install -y 'a|b'", ['x'])).toBe("apt-get install -y 'a|b' x");
  });
});

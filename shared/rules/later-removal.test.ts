/**
 * Caches removed in a LATER RUN (review gap D7): the earlier layer still stores them, so the rule
 * fires there with its saving, says the later removal only hides them, the fix cleans in the
 * writing RUN, re-analysis agrees, and no other finding claims the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { analyze, optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';

const project = ctx(['package.json', 'package-lock.json', 'app.py', 'index.js']);

describe('a cache removed by a later RUN is still stored in the layer that wrote it', () => {
  it.each([
    [
      'WH022',
      'debian:bookworm-slim',
      'apt-get update && apt-get install -y curl',
      'rm -rf /var/lib/apt/lists/*',
    ],
    [
      'WH022',
      'ubuntu:22.04',
      'apt-get update && apt-get install -y curl',
      'apt-get clean && rm -rf /var/lib/apt/lists/*',
    ],
    ['WH023', 'python:3.11-slim', 'pip install flask', 'rm -rf /root/.cache/pip'],
    ['WH023', 'python:3.11-slim', 'pip install flask', 'pip cache purge'],
    ['WH023', 'python:3.11-slim', 'pip install flask', 'rm -rf ~/.cache'],
    ['WH025', 'node:20-slim', 'npm ci --omit=dev', 'npm cache clean --force'],
    ['WH025', 'node:20-slim', 'npm ci --omit=dev', 'rm -rf /root/.npm'],
    ['WH026', 'alpine:3.19', 'apk add curl', 'rm -rf /var/cache/apk/*'],
    ['WH027', 'rockylinux:9', 'yum install -y curl', 'yum clean all'],
    ['WH027', 'fedora:40', 'dnf install -y curl', 'rm -rf /var/cache/dnf'],
  ])('%s on %s: `%s` then `%s`', (id, base, install, removal) => {
    const text = df(
      `FROM ${base}`,
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      `RUN ${install}`,
      'COPY . .',
      `RUN ${removal}`,
      'CMD ["true"]',
    );
    const res = optimize(text, project);
    const [f, ...more] = res.findings.filter((x) => x.ruleId === id);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ line: 4, fixed: true });
    // Its saving, unless the multi-stage split leaves the RUN in the builder (then it has none of its own).
    if (res.findings.some((x) => x.ruleId === 'WH010' && x.fixed)) {
      expect(f!.estimatedBytes).toBeUndefined();
      expect(f!.estimate?.note).toMatch(/WH010/);
    } else expect(f!.estimatedBytes).toBeGreaterThan(0);
    expect(f!.message).toMatch(
      /a later RUN removes it, but that only hides it: the bytes stay stored in this layer$/,
    );
    // No other finding claims the cache's bytes on the removing RUN.
    // (`pip cache purge` starts Python: WH034's bytecode there is other bytes, not the cache.)
    expect(res.findings.filter((x) => x.line === 6 && x.estimatedBytes && x.ruleId !== 'WH034')).toEqual([]);
    // Re-analysis agrees, and the output is stable.
    expect(analyze(res.text, project).filter((x) => x.ruleId === id)).toEqual([]);
    expect(optimize(res.text, project).text).toBe(res.text);
  });

  it('without a later removal the message says only what is stored', () => {
    const f = analyze(
      df('FROM debian:bookworm-slim', 'RUN apt-get update && apt-get install -y curl'),
      project,
    ).find((x) => x.ruleId === 'WH022');
    expect(f!.message).toBe('apt package lists stay in this layer');
  });

  it('a removal in another stage, or before the install, does not count', () => {
    const text = df(
      'FROM debian:bookworm-slim AS a',
      'RUN rm -rf /var/lib/apt/lists/*',
      'RUN apt-get update && apt-get install -y curl',
      'FROM debian:bookworm-slim',
      'COPY --from=a /usr/bin/curl /usr/bin/curl',
      'RUN rm -rf /var/lib/apt/lists/*',
    );
    const f = analyze(text, project).filter((x) => x.ruleId === 'WH022');
    expect(f.every((x) => !/later RUN/.test(x.message))).toBe(true);
  });

  it('a heredoc install that the fix cannot touch still says the later RUN only hides the lists, and is not claimed fixed', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN <<EOF',
      'apt-get update',
      'apt-get install -y curl',
      'EOF',
      'RUN rm -rf /var/lib/apt/lists/*',
    );
    const f = optimize(text, project).findings.find((x) => x.ruleId === 'WH022')!;
    expect(f.fixed).toBe(false);
    expect(f.risk).toBeTruthy();
    expect(f.message).toMatch(/later RUN removes it/);
  });
});

import { describe, expect, it } from 'vitest';
import { addRuntimePackages, runtimePackageManager } from './runtime-packages';
import { parseDockerfile } from '../dockerfile/parse';

const twoStage = (runtime: string): string =>
  `FROM python:3.9 AS build\nRUN pip install --prefix=/install uwsgi\n\n${runtime}\nCOPY --from=build /install /usr/local\nCMD ["uwsgi"]\n`;

describe('addRuntimePackages', () => {
  it('inserts an apt RUN right after the runtime FROM (before USER), other lines untouched', () => {
    const text = twoStage('FROM python:3.9-slim\nUSER app');
    const r = addRuntimePackages(text, ['libxml2']);
    expect(r).toMatchObject({ ok: true, manager: 'apt', how: 'inserted', line: 5, added: ['libxml2'] });
    if (!r.ok) return;
    expect(r.text).toBe(
      twoStage(
        'FROM python:3.9-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libxml2 && rm -rf /var/lib/apt/lists/*\nUSER app',
      ),
    );
    expect(parseDockerfile(r.text).stages[1]!.instructions[0]!.keyword).toBe('RUN');
  });

  it('appends to an existing apt-get install of the final stage, across continuations', () => {
    const runtime =
      'FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      ca-certificates \\\n && rm -rf /var/lib/apt/lists/*';
    const r = addRuntimePackages(twoStage(runtime), ['libxml2', 'ca-certificates', 'libicu72']);
    expect(r).toMatchObject({ ok: true, how: 'appended', added: ['libxml2', 'libicu72'] });
    if (r.ok)
      expect(r.text).toContain(
        'apt-get install -y --no-install-recommends \\\n      ca-certificates libxml2 libicu72 \\\n && rm -rf',
      );
  });

  it('leaves the builder stage alone and keeps lower-case keywords', () => {
    const text =
      'from debian:bookworm as b\nrun apt-get update && apt-get install -y gcc\nfrom debian:bookworm-slim\ncopy --from=b /x /x\n';
    const r = addRuntimePackages(text, ['libxml2']);
    expect(r.ok && r.text).toBe(
      'from debian:bookworm as b\nrun apt-get update && apt-get install -y gcc\nfrom debian:bookworm-slim\nrun apt-get update && apt-get install -y --no-install-recommends libxml2 && rm -rf /var/lib/apt/lists/*\ncopy --from=b /x /x\n',
    );
  });

  it('uses apk on Alpine (appending to apk add, or a new RUN)', () => {
    const r = addRuntimePackages('FROM python:3.9-alpine\nCOPY . /app\n', ['libxml2']);
    expect(r.ok && r.text).toBe('FROM python:3.9-alpine\nRUN apk add --no-cache libxml2\nCOPY . /app\n');
    const r2 = addRuntimePackages('FROM alpine:3.19\nRUN apk add --no-cache curl && echo ok\n', ['libxml2']);
    expect(r2.ok && r2.text).toBe('FROM alpine:3.19\nRUN apk add --no-cache curl libxml2 && echo ok\n');
  });

  it('does not append into a command it cannot read plainly (quotes, variables): inserts instead', () => {
    const text = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y "$PKGS"\n';
    const r = addRuntimePackages(text, ['libxml2']);
    expect(r).toMatchObject({ ok: true, how: 'inserted' });
  });

  it('refuses distroless, scratch, unknown bases and bad names, with a reason', () => {
    for (const base of ['gcr.io/distroless/base-debian12', 'scratch', 'mycorp/runtime:1'])
      expect(addRuntimePackages(`FROM ${base}\nCOPY x /x\n`, ['libxml2'])).toMatchObject({ ok: false });
    expect(addRuntimePackages('FROM debian:bookworm-slim\n', ['libxml2; rm -rf /'])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a package name'),
    });
    // The caller knows better (from the image's /etc/os-release): the override wins.
    expect(addRuntimePackages('FROM mycorp/runtime:1\n', ['libxml2'], 'apt')).toMatchObject({ ok: true });
  });

  it('follows FROM <stage> to the real base to pick the manager', () => {
    const m = parseDockerfile('FROM node:20-alpine AS base\nFROM base\nCOPY . .\n');
    expect(runtimePackageManager(m)).toBe('apk');
  });
});

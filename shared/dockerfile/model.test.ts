import { describe, expect, it } from 'vitest';
import { finalBaseImage } from './model';
import { parseDockerfile } from './parse';

const base = (text: string) => finalBaseImage(parseDockerfile(text));

describe('finalBaseImage', () => {
  it('is the final stage FROM for a single or multi-stage file', () => {
    expect(base('FROM golang:1.19\nCMD ["/app"]\n')).toBe('golang:1.19');
    expect(base('FROM golang:1.19 AS b\nRUN go build\nFROM gcr.io/distroless/static-debian12\n')).toBe(
      'gcr.io/distroless/static-debian12',
    );
  });

  it('follows FROM <stage name> back to the real image, case-insensitively', () => {
    const text = 'FROM python:3.9-slim AS Base\nRUN true\nFROM base AS final\nRUN true\nFROM FINAL\nCMD x\n';
    expect(base(text)).toBe('python:3.9-slim');
  });

  it('resolves global ARG defaults, and gives null for scratch or an unresolved variable', () => {
    expect(base('ARG V=3.9\nFROM python:${V}\n')).toBe('python:3.9');
    expect(base('FROM golang:1.19 AS b\nFROM scratch\nCOPY --from=b /a /a\n')).toBeNull();
    expect(base('ARG IMG\nFROM ${IMG}\n')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { main } from '../main';
import type { CliIO } from '../io';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: '/' };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describe('whittle bill (arguments)', () => {
  it('--help describes the command', async () => {
    const t = io();
    expect(await main(['bill', '--help'], t.cli)).toBe(0);
    expect(t.out()).toMatch(/bill IMAGE \[--json\] \[--base IMAGE\]/);
  });
  it('needs exactly one image, and a whole --limit', async () => {
    const a = io();
    expect(await main(['bill'], a.cli)).toBe(2);
    expect(a.err()).toMatch(/expected one image/);
    const b = io();
    expect(await main(['bill', 'x', '--limit', '0'], b.cli)).toBe(2);
    expect(b.err()).toMatch(/--limit/);
  });
  it('is listed in the usage', async () => {
    const t = io();
    await main(['--help'], t.cli);
    expect(t.out()).toMatch(/^\s+bill IMAGE/m);
  });
});

/** The goSubprocess fact: which Go sources start other programs (distroless has none to run). */
import { describe, expect, it } from 'vitest';
import { goStartsProcesses, goSubprocessHint } from './go-subprocess';

describe('goStartsProcesses', () => {
  it.each([
    ['a single import', 'package main\n\nimport "os/exec"\n'],
    ['a grouped import', 'package main\n\nimport (\n\t"fmt"\n\t"os/exec"\n)\n'],
    ['an aliased import', 'package main\n\nimport (\n\tex "os/exec"\n)\n'],
    ['x/sys/execabs', 'package main\n\nimport "golang.org/x/sys/execabs"\n'],
    ['bitfield/script', 'package main\n\nimport "github.com/bitfield/script"\n'],
    [
      'syscall.Exec',
      'package main\n\nimport "syscall"\n\nfunc main() { syscall.Exec("/bin/sh", nil, nil) }\n',
    ],
    [
      'os.StartProcess',
      'package main\n\nimport "os"\n\nfunc main() { os.StartProcess("/bin/sh", nil, nil) }\n',
    ],
  ])('%s', (_, text) => expect(goStartsProcesses(text)).toBe(true));

  it.each([
    ['os alone', 'package main\n\nimport (\n\t"os"\n\t"os/signal"\n)\n'],
    ['a package named like exec', 'package main\n\nimport "example.com/app/executor"\n'],
  ])('not %s', (_, text) => expect(goStartsProcesses(text)).toBe(false));
});

describe('goSubprocessHint', () => {
  const files = { 'main.go': 'package main\nimport "fmt"\n', 'run.go': 'package main\nimport "os/exec"\n' };
  const read = (texts: Record<string, string>) => async (rel: string) => texts[rel] ?? null;

  it('is true when one source starts programs, false when none does, unknown without Go', async () => {
    expect(await goSubprocessHint(Object.keys(files), read(files))).toBe(true);
    expect(await goSubprocessHint(['main.go'], read(files))).toBe(false);
    expect(await goSubprocessHint(['app.py'], read(files))).toBeUndefined();
  });

  it('leaves out tests, vendor/ and testdata/; an unreadable source makes it unknown', async () => {
    const texts = {
      'main.go': 'package main\n',
      'main_test.go': 'package main\nimport "os/exec"\n',
      'vendor/x/y.go': 'package y\nimport "os/exec"\n',
      'testdata/z.go': 'package z\nimport "os/exec"\n',
    };
    expect(await goSubprocessHint(Object.keys(texts), read(texts))).toBe(false);
    expect(await goSubprocessHint(['main.go', 'gone.go'], read(texts))).toBeUndefined();
  });
});

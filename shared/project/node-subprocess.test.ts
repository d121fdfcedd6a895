import { describe, expect, it } from 'vitest';
import { isNodeSource, nodeSubprocessHint, startsProcesses } from './node-subprocess';
import { packageJsonFacts } from './package-json';

describe('nodeSubprocess hint', () => {
  it('finds child_process and the helpers that run a shell, in require, import and dynamic import', () => {
    expect(startsProcesses("const { exec } = require('child_process');")).toBe(true);
    expect(startsProcesses("import { spawn } from 'node:child_process';")).toBe(true);
    expect(startsProcesses('const { execa } = await import("execa");')).toBe(true);
    expect(startsProcesses("import shell from 'shelljs'")).toBe(true);
    expect(startsProcesses("import express from 'express';\nconst child = 'child_process';")).toBe(false);
  });

  it('is false only when every source was read whole, unknown otherwise', async () => {
    const files = ['package.json', 'src/a.ts', 'src/b.js', 'src/types.d.ts', 'node_modules/x/index.js'];
    expect(files.filter(isNodeSource)).toEqual(['src/a.ts', 'src/b.js']);
    const read =
      (texts: Record<string, string | null>, whole = true) =>
      async (rel: string) =>
        texts[rel] === null ? null : { text: texts[rel] ?? '', whole };
    expect(await nodeSubprocessHint(files, read({}))).toBe(false);
    expect(await nodeSubprocessHint(files, read({ 'src/b.js': "require('child_process')" }))).toBe(true);
    expect(await nodeSubprocessHint(files, read({ 'src/a.ts': null }))).toBeUndefined();
    expect(await nodeSubprocessHint(files, read({}, false))).toBeUndefined();
    expect(await nodeSubprocessHint(['package.json'], read({}))).toBeUndefined();
  });
});

describe('packageJsonFacts', () => {
  it('reads dependencies and packageManager when present', () => {
    const f = packageJsonFacts(
      JSON.stringify({
        dependencies: { express: '^4' },
        devDependencies: { typescript: '5' },
        packageManager: 'yarn@4.5.0',
      }),
    );
    expect(f).toEqual({
      scripts: {},
      devDependencies: ['typescript'],
      dependencies: ['express'],
      packageManager: 'yarn@4.5.0',
    });
    expect(packageJsonFacts('{"scripts":{"start":"node ."}}')).toEqual({
      scripts: { start: 'node .' },
      devDependencies: [],
    });
  });
});

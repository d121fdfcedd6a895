import { describe, expect, it } from 'vitest';
import { API_METHODS } from './contract';
import { isApiMethod, validateArgs } from './validators';

const build = { dir: '/p', dockerfileText: 'FROM x', variant: 'original', buildId: 'b1:original' };

describe('validateArgs', () => {
  it('has a validator for every API method', () => {
    for (const m of API_METHODS) expect(isApiMethod(m)).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
    expect(isApiMethod('onBuildProgress')).toBe(false);
  });

  it('accepts well-formed calls and strips unknown fields', () => {
    const r = validateArgs('build', [{ ...build, extra: 'x' }]);
    expect(r).toEqual({ ok: true, value: [build] });
    expect(validateArgs('listExamples', [])).toEqual({ ok: true, value: [] });
    expect(validateArgs('openProject', ['/tmp/x']).ok).toBe(true);
  });

  it('rejects wrong arity, wrong types and non-arrays with INVALID_ARGUMENT', () => {
    const bad: [Parameters<typeof validateArgs>[0], unknown][] = [
      ['openProject', []],
      ['openProject', [42]],
      ['openProject', ['']],
      ['openProject', ['a\0b']],
      ['listExamples', ['x']],
      ['build', [{ ...build, variant: 'other' }]],
      ['build', [{ ...build, buildId: 'a b' }]],
      ['build', 'not-an-array'],
      ['cancel', [null]],
      ['layerFiles', [{ imageId: 'sha256:abc', layerIndex: -1 }]],
      ['layerFiles', [{ imageId: 'sha256:abc', layerIndex: 1.5 }]],
      ['saveFile', [{ path: 'relative/file', content: '', overwrite: false }]],
      ['saveFile', [{ path: '/abs', content: '', overwrite: 'yes' }]],
      ['compare', [{ dir: '/p', originalText: '', optimizedText: '', compareId: 'c', checkCommand: [] }]],
      [
        'compare',
        [{ dir: '/p', originalText: '', optimizedText: '', compareId: 'c', optimizedDockerignore: 7 }],
      ],
    ];
    for (const [m, args] of bad) {
      const r = validateArgs(m, args);
      expect(r.ok, `${m} ${JSON.stringify(args)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('keeps optional compare fields when valid', () => {
    const req = {
      dir: '/p',
      originalText: 'FROM a',
      optimizedText: 'FROM b',
      compareId: 'c1',
      keepImages: true,
      checkCommand: ['python', '-c', 'import app'],
      optimizedDockerignore: '.git\n',
    };
    expect(validateArgs('compare', [req])).toEqual({ ok: true, value: [req] });
  });

  it('accepts Windows absolute paths for saveFile', () => {
    expect(validateArgs('saveFile', [{ path: 'C:\\x\\Dockerfile', content: 'x', overwrite: true }]).ok).toBe(
      true,
    );
  });

  it('accepts ~/ and relative saveFile paths with a base, refuses a relative one without', () => {
    const save = (r: object) => validateArgs('saveFile', [{ content: 'x', overwrite: false, ...r }]).ok;
    expect(save({ path: '~/out/Dockerfile' })).toBe(true);
    expect(save({ path: 'docker/Dockerfile', base: '/p' })).toBe(true);
    expect(save({ path: 'docker/Dockerfile' })).toBe(false);
    expect(save({ path: 'Dockerfile', base: 'relative/base' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { resolveSavePath } from './resolve-save-path';

describe('resolveSavePath', () => {
  it('expands ~ to the home folder', () => {
    expect(resolveSavePath({ path: '~/out/Dockerfile' }, '/home/u')).toBe('/home/u/out/Dockerfile');
  });
  it('resolves a relative path against the project folder', () => {
    expect(resolveSavePath({ path: 'docker/Dockerfile.whittle', base: '/p/proj' })).toBe(
      '/p/proj/docker/Dockerfile.whittle',
    );
    expect(resolveSavePath({ path: '../Dockerfile', base: '/p/proj' })).toBe('/p/Dockerfile');
  });
  it('keeps an absolute path', () => {
    expect(resolveSavePath({ path: '/x/Dockerfile', base: '/p' })).toBe('/x/Dockerfile');
  });
  it('refuses a relative path without a base', () => {
    expect(() => resolveSavePath({ path: 'Dockerfile' })).toThrow(/relative/);
  });
});

import { describe, expect, it } from 'vitest';
import { ancestorsOf, normalizeEntryPath, parentPath } from './layer-entry';
import { listing } from './test-listing';

describe('normalizeEntryPath', () => {
  it('cleans tar names into absolute paths like Go path.Clean', () => {
    expect(normalizeEntryPath('./usr//lib/')).toBe('/usr/lib');
    expect(normalizeEntryPath('usr/lib/../bin/env')).toBe('/usr/bin/env');
    expect(normalizeEntryPath('/etc/passwd')).toBe('/etc/passwd');
  });
  it('returns null for the root entry', () => {
    expect(normalizeEntryPath('./')).toBeNull();
    expect(normalizeEntryPath('.')).toBeNull();
    expect(normalizeEntryPath('/')).toBeNull();
  });
});

describe('path helpers', () => {
  it('gives parents and proper ancestors', () => {
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(ancestorsOf('/a/b/c')).toEqual(['/a', '/a/b']);
    expect(ancestorsOf('/a')).toEqual([]);
  });
});

describe('LayerListingBuilder', () => {
  it('separates entries, whiteouts and opaque markers, and drops AUFS metadata', () => {
    const l = listing(
      'etc/',
      ['etc/hosts', 12],
      'etc/.wh.motd',
      'var/cache/',
      'var/cache/.wh..wh..opq',
      '.wh..wh.plnk',
      './',
    );
    expect(l.entries.map((e) => e.path)).toEqual(['/etc', '/etc/hosts', '/var/cache']);
    expect(l.entries[1]).toMatchObject({ type: 'file', size: 12, mode: 0o644 });
    expect(l.whiteouts).toEqual(['/etc/motd']);
    expect(l.opaqueDirs).toEqual(['/var/cache']);
  });
  it('whites out top-level paths too', () => {
    expect(listing('.wh.tmp').whiteouts).toEqual(['/tmp']);
  });
  it('forces directory sizes to 0', () => {
    expect(listing(['d/', 4096]).entries[0]!.size).toBe(0);
  });
});

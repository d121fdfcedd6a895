import { describe, expect, it } from 'vitest';
import { changeList } from './observe-run';
import { writeRequirements } from './write-requirements';

describe('writeRequirements', () => {
  it('asks for the parent of what nginx creates, not for every changed ancestor', () => {
    // docker diff of `nginx -g 'daemon off;'` run as root on debian:bookworm-slim
    const r = writeRequirements([
      { path: '/var', kind: 0 },
      { path: '/var/lib', kind: 0 },
      { path: '/var/lib/nginx', kind: 0 },
      { path: '/var/lib/nginx/body', kind: 1 },
      { path: '/var/lib/nginx/proxy', kind: 1 },
      { path: '/run', kind: 0 },
      { path: '/run/nginx.pid', kind: 1 },
    ]);
    expect(r).toEqual(['/run', '/var/lib/nginx']);
  });

  it('walks up through directories the run created itself', () => {
    expect(
      writeRequirements([
        { path: '/app', kind: 0 },
        { path: '/app/cache', kind: 1 },
        { path: '/app/cache/a', kind: 1 },
        { path: '/app/cache/a/b.bin', kind: 1 },
      ]),
    ).toEqual(['/app']);
  });

  it('needs a file rewritten in place to be writable, and the parent of a deleted one', () => {
    expect(
      writeRequirements([
        { path: '/app', kind: 0 },
        { path: '/app/data.txt', kind: 0 },
        { path: '/srv', kind: 0 },
        { path: '/srv/old.lock', kind: 2 },
      ]),
    ).toEqual(['/app/data.txt', '/srv']);
  });

  it('ignores what the runtime manages', () => {
    expect(
      writeRequirements([
        { path: '/etc', kind: 0 },
        { path: '/etc/hosts', kind: 0 },
        { path: '/dev', kind: 0 },
        { path: '/dev/shm/x', kind: 1 },
      ]),
    ).toEqual(['/etc']);
  });
});

describe('writeRequirements and Python bytecode', () => {
  it('asks nothing for the caches CPython writes only when it can (red-team: WH050 held back on every python image)', () => {
    // docker diff of a root `python app.py` on python:3.9 (stdlib without .pyc, as the official images ship it)
    expect(
      writeRequirements([
        { path: '/usr', kind: 0 },
        { path: '/usr/lib/python3.9/ctypes', kind: 0 },
        { path: '/usr/lib/python3.9/ctypes/__pycache__', kind: 1 },
        { path: '/usr/lib/python3.9/ctypes/__pycache__/util.cpython-39.pyc', kind: 1 },
        { path: '/usr/lib/python3.9/http/__pycache__', kind: 1 },
        { path: '/app/mod.pyc', kind: 1 },
        { path: '/app/__pycache__/views.cpython-39.pyc', kind: 0 },
      ]),
    ).toEqual([]);
  });

  it('still asks for what the app writes beside them', () => {
    expect(
      writeRequirements([
        { path: '/app', kind: 0 },
        { path: '/app/__pycache__', kind: 1 },
        { path: '/app/db.sqlite3', kind: 1 },
        { path: '/app/pycache_notes.txt', kind: 1 },
      ]),
    ).toEqual(['/app']);
  });
});

describe('changeList', () => {
  it('reads the API list, and a `null` answer (a raw Buffer from dockerode) as no change', () => {
    expect(changeList([{ Path: '/tmp/a', Kind: 1 }])).toEqual([{ path: '/tmp/a', kind: 1 }]);
    expect(changeList(Buffer.from('null'))).toEqual([]);
    expect(changeList(Buffer.from([0, 0, 0, 0, 0]))).toEqual([]);
    expect(changeList(Buffer.from('[{"Path":"/run/x.pid","Kind":1}]'))).toEqual([
      { path: '/run/x.pid', kind: 1 },
    ]);
    expect(changeList(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { notWritable, realPath, resolveIdentity, type PathStat } from './writable';

/** A distroless-like tree: / and /app root's, /tmp 1777, /home/nonroot 65532's, /lib → usr/lib. */
const tree: Record<string, PathStat> = {
  '/': { type: 'dir', mode: 0o755, uid: 0, gid: 0 },
  '/app': { type: 'dir', mode: 0o755, uid: 0, gid: 0 },
  '/app/data': { type: 'dir', mode: 0o755, uid: 65532, gid: 65532 },
  '/app/app.jar': { type: 'file', mode: 0o644, uid: 0, gid: 0 },
  '/tmp': { type: 'dir', mode: 0o1777, uid: 0, gid: 0 },
  '/home': { type: 'dir', mode: 0o755, uid: 0, gid: 0 },
  '/home/nonroot': { type: 'dir', mode: 0o700, uid: 65532, gid: 65532 },
  '/root': { type: 'dir', mode: 0o700, uid: 0, gid: 0 },
  '/root/cache': { type: 'dir', mode: 0o777, uid: 0, gid: 0 },
  '/srv': { type: 'dir', mode: 0o775, uid: 0, gid: 50 },
  '/drop': { type: 'dir', mode: 0o722, uid: 0, gid: 0 },
  '/usr': { type: 'dir', mode: 0o755, uid: 0, gid: 0 },
  '/usr/lib': { type: 'dir', mode: 0o755, uid: 0, gid: 0 },
  '/lib': { type: 'symlink', linkname: 'usr/lib', mode: 0o777, uid: 0, gid: 0 },
  '/data': { type: 'symlink', linkname: '/app/data', mode: 0o777, uid: 0, gid: 0 },
};
const stat = (p: string) => tree[p];
const nonroot = { uid: 65532, gids: [65532] };

describe('notWritable', () => {
  it('reads owner, group and other bits, and root may write anything', () => {
    expect(notWritable(stat, nonroot, '/tmp/hsperfdata_nonroot')).toBeNull();
    expect(notWritable(stat, nonroot, '/app/data/db.sqlite')).toBeNull();
    expect(notWritable(stat, nonroot, '/app/app.log')).toBe('/app');
    expect(notWritable(stat, nonroot, '/app/app.jar')).toBe('/app/app.jar');
    expect(notWritable(stat, { uid: 0, gids: [0] }, '/app/app.log')).toBeNull();
    expect(notWritable(stat, { uid: 1000, gids: [50] }, '/srv/x')).toBeNull();
    expect(notWritable(stat, { uid: 1000, gids: [1000] }, '/srv/x')).toBe('/srv');
  });

  it('a folder the user may write but not search takes no new file (review: x on the folder itself)', () => {
    // /drop is rwx-wx-w- (0o722): others may write, not search.
    expect(notWritable(stat, nonroot, '/drop/upload.bin')).toBe('/drop');
  });

  it('a folder on the way the user cannot search stops it, even when the last one is writable', () => {
    expect(notWritable(stat, nonroot, '/root/cache/x')).toBe('/root');
    expect(notWritable(stat, { uid: 1000, gids: [1000] }, '/home/nonroot/.cache/x')).toBe('/home/nonroot');
  });

  it('follows symbolic links, relative and absolute', () => {
    expect(realPath(stat, '/lib/x86_64-linux-gnu')).toBe('/usr/lib/x86_64-linux-gnu');
    expect(notWritable(stat, nonroot, '/data/new.db')).toBeNull();
    expect(notWritable(stat, nonroot, '/lib/x.so')).toBe('/lib');
  });
});

describe('resolveIdentity', () => {
  const passwd =
    'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n';
  const group = 'root:x:0:\nstaff:x:50:nonroot\nnonroot:x:65532:\n';
  it('names, numbers and groups as Docker reads them', () => {
    expect(resolveIdentity('nonroot:nonroot', passwd, group)).toEqual({ uid: 65532, gids: [65532] });
    expect(resolveIdentity('nonroot', passwd, group)).toEqual({ uid: 65532, gids: [65532, 50] });
    expect(resolveIdentity('65532', passwd, group)).toEqual({ uid: 65532, gids: [65532, 50] });
    expect(resolveIdentity('1234:99', passwd, group)).toEqual({ uid: 1234, gids: [99] });
    expect(resolveIdentity('4321', passwd, group)).toEqual({ uid: 4321, gids: [0] });
    expect(resolveIdentity('app', passwd, group)).toBeNull();
    expect(resolveIdentity('nonroot:wheel', passwd, group)).toBeNull();
  });
});

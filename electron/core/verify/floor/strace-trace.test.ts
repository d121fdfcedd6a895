import { describe, expect, it } from 'vitest';
import { normalizeAbsolute, parseStraceOutput, unescapeStrace } from './strace-trace';

// Lines below are real strace 6.1 output (`strace -f -qq -y -e signal=none -o file`, Debian 12),
// shortened only where argv was long.
describe('parseStraceOutput', () => {
  it('keeps successful opens, with the kernel-resolved path of the returned fd', () => {
    const f = parseStraceOutput(
      [
        '10    execve("/usr/bin/python3", ["python3", "-c", "import json; print(1)"], 0x7fff1c675598 /* 4 vars */) = 0',
        '10    openat(AT_FDCWD</tmp>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>',
        '10    openat(AT_FDCWD</tmp>, "/lib/x86_64-linux-gnu/libz.so.1", O_RDONLY|O_CLOEXEC) = 3</usr/lib/x86_64-linux-gnu/libz.so.1.2.13>',
        '10    openat(AT_FDCWD</tmp>, "/usr/lib/locale/locale-archive", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)',
        '10    openat(AT_FDCWD</tmp>, "/usr/lib/python3.11", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3</usr/lib/python3.11>',
        '10    openat(AT_FDCWD</tmp>, "/etc/localtime", O_RDONLY|O_CLOEXEC) = 3</usr/share/zoneinfo/Etc/UTC>',
      ].join('\n'),
    );
    expect(f.executed).toEqual(['/usr/bin/python3']);
    expect(f.opened).toEqual([
      '/etc/ld.so.cache',
      '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
      '/usr/share/zoneinfo/Etc/UTC',
    ]);
    expect(f.unparsed).toBe(0);
  });

  it('joins -f unfinished/resumed halves by pid, whatever lies between them', () => {
    const f = parseStraceOutput(
      [
        '12721 execve("/usr/bin/cat", ["cat", "share/../lib/os-release"], 0x5627b0d41f00 /* 35 vars */ <unfinished ...>',
        '12722 openat(AT_FDCWD</usr>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC <unfinished ...>',
        '12721 <... execve resumed>)             = 0',
        '12722 <... openat resumed>)             = 3</etc/ld.so.cache>',
        '12721 openat(AT_FDCWD</usr>, "/usr/share/locale/locale.alias", O_RDONLY|O_CLOEXEC <unfinished ...>',
        '12722 openat(AT_FDCWD</usr>, "/usr/lib/locale/C.UTF-8/LC_TELEPHONE", O_RDONLY|O_CLOEXEC <unfinished ...>',
        '12721 <... openat resumed>)             = 3</etc/locale.alias>',
        '12722 <... openat resumed>)             = -1 ENOENT (No such file or directory)',
      ].join('\n'),
    );
    expect(f.executed).toEqual(['/usr/bin/cat']);
    expect(f.opened).toEqual(['/etc/ld.so.cache', '/etc/locale.alias']);
  });

  it('reads the [pid N] prefix strace writes to stderr', () => {
    const f = parseStraceOutput(
      [
        '[pid  4242] openat(AT_FDCWD</>, "/etc/passwd", O_RDONLY|O_CLOEXEC <unfinished ...>',
        '[pid  4243] openat(AT_FDCWD</>, "/etc/group", O_RDONLY|O_CLOEXEC) = 4</etc/group>',
        '[pid  4242] <... openat resumed>) = 3</etc/passwd>',
      ].join('\n'),
    );
    expect(f.opened).toEqual(['/etc/group', '/etc/passwd']);
  });

  it('drops failed execs (a PATH search) and keeps the one that ran', () => {
    const f = parseStraceOutput(
      [
        '12497 execve("/root/.pyenv/shims/bash", ["bash", "/root/.pyenv/shims/python3", "-c", "import threading,os\\ndef f(): ope"...], 0x7ffd60827e28 /* 35 vars */) = -1 ENOENT (No such file or directory)',
        '12497 execve("/usr/bin/bash", ["bash", "/root/.pyenv/shims/python3"], 0x7ffd60827e28 /* 35 vars */) = 0',
      ].join('\n'),
    );
    expect(f.executed).toEqual(['/usr/bin/bash']);
  });

  it('resolves relative paths against the dirfd decoration, or the cwd for a bare AT_FDCWD', () => {
    const f = parseStraceOutput(
      [
        // Without a returned-fd decoration (no -y on the result), the dirfd's one is used.
        '12496 openat(AT_FDCWD</usr>, "share/../lib/os-release", O_RDONLY) = 3',
        '77 openat(5</opt/app/lib>, "mod.py", O_RDONLY|O_CLOEXEC) = 6',
        '77 openat(AT_FDCWD, "config/settings.json", O_RDONLY) = 7',
        '77 open("./VERSION", O_RDONLY) = 8',
      ].join('\n'),
      { cwd: '/srv/app' },
    );
    expect(f.opened).toEqual([
      '/usr/lib/os-release',
      '/opt/app/lib/mod.py',
      '/srv/app/config/settings.json',
      '/srv/app/VERSION',
    ]);
  });

  it('skips O_DIRECTORY, O_PATH, write-only opens and creat, but keeps read-write ones', () => {
    const f = parseStraceOutput(
      [
        '12496 openat(AT_FDCWD</usr>, "/dev/null", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</dev/null>',
        '9 openat(AT_FDCWD</>, "/proc/self/fd", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3</proc/9/fd>',
        '9 openat(AT_FDCWD</>, "/usr/lib", O_RDONLY|O_PATH) = 3</usr/lib>',
        '9 creat("/tmp/out.log", 0644) = 4</tmp/out.log>',
        '9 openat(AT_FDCWD</>, "/var/lib/app/state.db", O_RDWR|O_CLOEXEC) = 5</var/lib/app/state.db>',
        '9 openat2(AT_FDCWD</>, "/etc/hosts", {flags=O_RDONLY|O_CLOEXEC, resolve=0, mode=0}, 24) = 6</etc/hosts>',
        '9 openat2(AT_FDCWD</>, "/etc", {flags=O_RDONLY|O_DIRECTORY, resolve=0, mode=0}, 24) = 7</etc>',
      ].join('\n'),
    );
    expect(f.opened).toEqual(['/var/lib/app/state.db', '/etc/hosts']);
  });

  it('unescapes paths and decorations, and tolerates a truncated last line', () => {
    const f = parseStraceOutput(
      [
        '9 openat(AT_FDCWD</>, "/srv/caf\\303\\251 \\"x\\".txt", O_RDONLY) = 3</srv/caf\\303\\251 "x".txt>',
        '9 openat(AT_FDCWD</>, "/srv/a\\x3eb", O_RDONLY) = 4</srv/a\\x3eb>',
        '9 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=10} ---',
        '9 +++ exited with 0 +++',
        '9 openat(AT_FDCWD</>, "/srv/half',
      ].join('\n'),
    );
    expect(f.opened).toEqual(['/srv/café "x".txt', '/srv/a>b']);
    expect(f.unparsed).toBe(1);
  });

  it('resolves execveat and relative execve against the cwd', () => {
    const f = parseStraceOutput(
      [
        '5 execveat(AT_FDCWD</app>, "bin/run", ["run"], 0x7ffd /* 3 vars */, 0) = 0',
        '6 execve("./tool", ["./tool"], 0x7ffd /* 3 vars */) = 0',
      ].join('\n'),
      { cwd: '/work' },
    );
    expect(f.executed).toEqual(['/app/bin/run', '/work/tool']);
  });
});

describe('helpers', () => {
  it('normalises and unescapes', () => {
    expect(normalizeAbsolute('/a/./b/../c//d')).toBe('/a/c/d');
    expect(unescapeStrace('a\\nb\\\\c\\x41')).toBe('a\nb\\cA');
  });
});

import { describe, expect, it } from 'vitest';
import { parseLdd, tracedCommand, type HostTracer } from './host-tracer';

describe('parseLdd', () => {
  it('reads the loader and the resolved libraries of real `ldd /usr/bin/strace` output (Debian 12)', () => {
    const out = [
      '\tlinux-vdso.so.1 (0x00007fc0b34b4000)',
      '\tlibunwind-ptrace.so.0 => /lib/x86_64-linux-gnu/libunwind-ptrace.so.0 (0x00007fc0b349d000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fc0b301e000)',
      '\tlibmissing.so.1 => not found',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007fc0b34b6000)',
    ].join('\n');
    expect(parseLdd(out)).toEqual({
      loader: '/lib64/ld-linux-x86-64.so.2',
      libs: [
        ['libunwind-ptrace.so.0', '/lib/x86_64-linux-gnu/libunwind-ptrace.so.0'],
        ['libc.so.6', '/lib/x86_64-linux-gnu/libc.so.6'],
      ],
    });
  });
});

describe('tracedCommand', () => {
  const t = { version: 'strace 6.1', seccompBpf: true, viaLoader: true } as HostTracer;
  it('runs strace by its own loader and library path, then the image command after --', () => {
    const cmd = tracedCommand(t, '/.whittle-trace/out/run', ['python3', 'app.py']);
    expect(cmd.slice(0, 4)).toEqual([
      '/.whittle-trace/ld.so',
      '--library-path',
      '/.whittle-trace/lib',
      '/.whittle-trace/strace',
    ]);
    expect(cmd).toContain('--seccomp-bpf');
    expect(cmd.slice(cmd.indexOf('--'))).toEqual(['--', 'python3', 'app.py']);
    expect(tracedCommand({ ...t, viaLoader: false, seccompBpf: false }, '/o', ['x'])[0]).toBe(
      '/.whittle-trace/strace',
    );
  });
});

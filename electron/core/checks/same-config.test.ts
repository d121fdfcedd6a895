import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../../shared/api/contract';
import { judgeConfig } from './same-config';

const cfg = (over: Partial<RuntimeConfig> = {}): RuntimeConfig => ({
  user: '',
  cmd: ['python', 'app.py'],
  entrypoint: null,
  exposedPorts: ['8080/tcp'],
  envKeys: ['PATH', 'PORT'],
  workdir: '/app',
  healthcheck: null,
  ...over,
});

describe('judgeConfig', () => {
  it('reports a move from root to a non-root user without failing', () => {
    const r = judgeConfig({ config: cfg(), labels: {} }, { config: cfg({ user: 'app' }), labels: {} });
    expect(r.status).toBe('pass');
    expect(r.evidence).toEqual(['user: "" → "app"']);
  });

  it('counts the exec form of the same shell-form command as the same', () => {
    const r = judgeConfig(
      { config: cfg({ cmd: ['/bin/sh', '-c', 'python app.py'] }), labels: {} },
      { config: cfg(), labels: {} },
    );
    expect(r.status).toBe('pass');
  });

  it('fails a lost port, env key, label, changed workdir or a different command', () => {
    const r = judgeConfig(
      { config: cfg(), labels: { 'com.example.role': 'api', 'whittle.variant': 'original' } },
      {
        config: cfg({ exposedPorts: [], envKeys: ['PATH'], workdir: '/', cmd: ['python', 'other.py'] }),
        labels: { 'whittle.variant': 'optimized' },
      },
    );
    expect(r.status).toBe('fail');
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        'exposedPorts lost: 8080/tcp',
        'envKeys lost: PORT',
        'workdir: "/app" → "/"',
        'cmd: ["python","app.py"] → ["python","other.py"]',
      ]),
    );
    expect(r.evidence.join('\n')).not.toMatch(/whittle\.variant/);
  });

  it('reports a label a base swap changed or dropped without failing', () => {
    const r = judgeConfig(
      { config: cfg(), labels: { 'org.whittle.standin-for': 'python:3.9', 'com.example.role': 'api' } },
      { config: cfg(), labels: { 'org.whittle.standin-for': 'python:3.9-slim' } },
    );
    expect(r.status).toBe('pass');
    expect(r.evidence).toEqual([
      'label org.whittle.standin-for: "python:3.9" → "python:3.9-slim"',
      'label com.example.role lost (was "api")',
    ]);
  });

  it('passes added env keys and ports', () => {
    const r = judgeConfig(
      { config: cfg(), labels: {} },
      { config: cfg({ envKeys: ['PATH', 'PORT', 'PYTHONDONTWRITEBYTECODE'] }), labels: {} },
    );
    expect(r.status).toBe('pass');
  });
});

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
    expect(r.summary).toBe('Same config, with 1 reported difference(s): user.');
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
    // The summary names what differs, not a user change that did not happen.
    expect(r.summary).toBe(
      'Same config, with 2 reported difference(s): label org.whittle.standin-for, label com.example.role.',
    );
  });

  it('passes added env keys and ports', () => {
    const r = judgeConfig(
      { config: cfg(), labels: {} },
      { config: cfg({ envKeys: ['PATH', 'PORT', 'PYTHONDONTWRITEBYTECODE'] }), labels: {} },
    );
    expect(r.status).toBe('pass');
  });

  it('takes an empty WorkingDir as / and an empty Entrypoint as none (debian → distroless)', () => {
    const r = judgeConfig(
      { config: cfg({ workdir: '', entrypoint: null }), labels: {} },
      { config: cfg({ workdir: '/', entrypoint: [] }), labels: {} },
    );
    expect(r).toMatchObject({ status: 'pass', evidence: [] });
    const moved = judgeConfig(
      { config: cfg({ workdir: '' }), labels: {} },
      { config: cfg({ workdir: '/app', entrypoint: ['/nodejs/bin/node'] }), labels: {} },
    );
    expect(moved.status).toBe('fail');
  });
});

describe('judgeConfig: node to distroless Node (issue 14)', () => {
  const node = cfg({
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['node', 'dist/server.js'],
    envKeys: ['PATH', 'NODE_VERSION', 'YARN_VERSION', 'npm_config_fund', 'PORT'],
    healthcheck: ['CMD', 'node', 'health.js'],
  });
  const distroless = cfg({
    entrypoint: ['/nodejs/bin/node'],
    cmd: ['dist/server.js'],
    envKeys: ['PATH', 'PORT'],
    healthcheck: ['CMD', '/nodejs/bin/node', 'health.js'],
  });

  it('counts the same command line split between ENTRYPOINT and CMD as the same, and reports npm/yarn env', () => {
    const r = judgeConfig({ config: node, labels: {} }, { config: distroless, labels: {} });
    expect(r.status).toBe('pass');
    expect(r.evidence.join('\n')).toMatch(
      /envKeys lost \(set by the node image for npm\/yarn\): NODE_VERSION, YARN_VERSION, npm_config_fund/,
    );
  });

  it('still fails another script, a lost app env key or another healthcheck', () => {
    const other = judgeConfig(
      { config: node, labels: {} },
      { config: { ...distroless, cmd: ['dist/other.js'] }, labels: {} },
    );
    expect(other.status).toBe('fail');
    const env = judgeConfig(
      { config: node, labels: {} },
      { config: { ...distroless, envKeys: ['PATH'] }, labels: {} },
    );
    expect(env.evidence).toContain('envKeys lost: PORT');
    const hc = judgeConfig(
      { config: node, labels: {} },
      { config: { ...distroless, healthcheck: ['CMD', '/nodejs/bin/node', 'other.js'] }, labels: {} },
    );
    expect(hc.status).toBe('fail');
  });
});

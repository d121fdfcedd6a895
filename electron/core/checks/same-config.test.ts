import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../../shared/api/contract';
import { inheritedEnvKeys, judgeConfig } from './same-config';

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

  describe('env keys of the build base', () => {
    // golang:1.19 → distroless: the runtime has no Go toolchain for GOPATH & co. to describe.
    const golang = cfg({ envKeys: ['GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN', 'PATH'] });
    const distroless = cfg({ envKeys: ['PATH', 'SSL_CERT_FILE'], user: 'nonroot:nonroot' });

    it('reports the toolchain keys the original only inherited from its base, without failing', () => {
      const r = judgeConfig({ config: golang, labels: {} }, { config: distroless, labels: {} }, [
        'GOLANG_VERSION',
        'GOPATH',
        'GOTOOLCHAIN',
        'PATH',
      ]);
      expect(r.status).toBe('pass');
      expect(r.evidence).toContain(
        "envKeys lost with the build base's toolchain: GOLANG_VERSION, GOPATH, GOTOOLCHAIN",
      );
    });

    it('fails them when the base is unknown or the Dockerfile set them itself', () => {
      const r = judgeConfig({ config: golang, labels: {} }, { config: distroless, labels: {} });
      expect(r.status).toBe('fail');
      expect(r.evidence).toContain('envKeys lost: GOLANG_VERSION, GOPATH, GOTOOLCHAIN');
      // GOPATH re-set by the Dockerfile: not inherited, so still the app's own.
      const own = judgeConfig({ config: golang, labels: {} }, { config: distroless, labels: {} }, [
        'GOLANG_VERSION',
        'GOTOOLCHAIN',
      ]);
      expect(own.status).toBe('fail');
      expect(own.evidence).toContain('envKeys lost: GOPATH');
    });

    it('fails inherited keys apps read at run time (JAVA_HOME, LANG, GEM_HOME)', () => {
      const jdk = cfg({ envKeys: ['JAVA_HOME', 'JAVA_VERSION', 'LANG', 'GEM_HOME', 'PATH'] });
      const r = judgeConfig({ config: jdk, labels: {} }, { config: cfg({ envKeys: ['PATH'] }), labels: {} }, [
        'JAVA_HOME',
        'JAVA_VERSION',
        'LANG',
        'GEM_HOME',
        'PATH',
      ]);
      expect(r.status).toBe('fail');
      expect(r.evidence).toContain('envKeys lost: JAVA_HOME, JAVA_VERSION, LANG, GEM_HOME');
    });

    it('finds the keys inherited unchanged from the base image', () => {
      expect(
        inheritedEnvKeys(
          [
            'PATH=/go/bin:/usr/local/go/bin:/usr/bin',
            'GOPATH=/srv/go',
            'GOLANG_VERSION=1.19.13',
            'CGO_ENABLED=0',
          ],
          ['PATH=/go/bin:/usr/local/go/bin:/usr/bin', 'GOPATH=/go', 'GOLANG_VERSION=1.19.13'],
        ),
      ).toEqual(['PATH', 'GOLANG_VERSION']);
    });
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

describe('judgeConfig: a jar to distroless Java (issue 14)', () => {
  const jre = cfg({ cmd: ['java', '-jar', '/app/app.jar'], envKeys: ['PATH', 'JAVA_HOME', 'LANG'] });
  const distroless = cfg({
    entrypoint: ['/usr/bin/java', '-jar'],
    cmd: ['/app/app.jar'],
    envKeys: ['PATH', 'LANG', 'JAVA_VERSION'],
  });

  it("counts distroless Java's `/usr/bin/java -jar` ENTRYPOINT with the jar as CMD as the same start", () => {
    const r = judgeConfig(
      { config: jre, labels: {} },
      { config: { ...distroless, envKeys: ['PATH', 'JAVA_HOME', 'LANG', 'JAVA_VERSION'] }, labels: {} },
    );
    expect(r.status).toBe('pass');
    const opt = judgeConfig(
      { config: jre, labels: {} },
      { config: cfg({ ...jre, cmd: ['/opt/java/openjdk/bin/java', '-jar', '/app/app.jar'] }), labels: {} },
    );
    expect(opt.status).toBe('pass');
  });

  it('still fails another jar, another program named java-something, and a lost JAVA_HOME', () => {
    const other = judgeConfig(
      { config: jre, labels: {} },
      { config: { ...distroless, cmd: ['/x.jar'] }, labels: {} },
    );
    expect(other.status).toBe('fail');
    const javaw = judgeConfig(
      { config: jre, labels: {} },
      { config: cfg({ ...jre, cmd: ['/usr/bin/javaw', '-jar', '/app/app.jar'] }), labels: {} },
    );
    expect(javaw.status).toBe('fail');
    const env = judgeConfig({ config: jre, labels: {} }, { config: distroless, labels: {} });
    expect(env.status).toBe('fail');
    expect(env.evidence).toEqual(expect.arrayContaining(['envKeys lost: JAVA_HOME']));
    // The start itself is the same: only the env key fails (the cmd/entrypoint split is a note).
    expect((env.data as { failures: string[] }).failures).toEqual(['envKeys lost: JAVA_HOME']);
  });
});

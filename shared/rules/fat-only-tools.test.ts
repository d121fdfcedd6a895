/**
 * A stage that runs a program only the full image has (curl in a HEALTHCHECK, `ps` in an
 * entrypoint script, `/usr/bin/file` in a RUN) must not move to `-slim`: neither through WH001 nor
 * as the runtime of a WH010 split. Red-team gap: only the first word of shell-form CMD/HEALTHCHECK
 * lines was read, so `/usr/bin/curl`, `sh -c "curl …"`, exec-form `["/bin/sh","-c","git …"]`,
 * `timeout 3 curl`, `$(curl …)`, `then wget …` and tools such as ps/pgrep/file/convert/gpg slipped
 * through and the slim image failed its healthcheck or start.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../api/contract';
import { optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';
import { programsIn } from './fat-only-tools';

const project = (scripts: Record<string, string> = {}): ProjectContext => ({
  ...ctx(['requirements.txt', 'app.py', ...Object.keys(scripts)]),
  scripts,
});
/** A pip app on the full image (the WH010 split), with `tail` before its CMD. */
const pipApp = (...tail: string[]) =>
  df(
    'FROM python:3.9',
    'WORKDIR /app',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt',
    'COPY . .',
    ...tail,
    ...(tail.some((l) => /^(CMD|ENTRYPOINT)/.test(l)) ? [] : ['CMD ["python", "app.py"]']),
  );
/** A stage with nothing to build (WH001 alone). */
const plain = (...tail: string[]) =>
  df(
    'FROM python:3.9',
    'WORKDIR /app',
    'COPY . .',
    ...tail,
    ...(tail.some((l) => /^CMD/.test(l)) ? [] : ['CMD ["python", "app.py"]']),
  );

const finalFrom = (text: string) => text.slice(text.lastIndexOf('FROM ')).split('\n')[0];

describe('programs only the full image has keep the stage off -slim', () => {
  it('baseline: without such a program both go slim', () => {
    expect(finalFrom(optimize(pipApp(), project()).text)).toMatch(/python:3\.9-slim/);
    expect(finalFrom(optimize(plain(), project()).text)).toMatch(/python:3\.9-slim/);
  });

  it.each([
    ['HEALTHCHECK shell form', 'HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1', 'curl'],
    [
      'HEALTHCHECK exec form',
      'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost:8000/"]',
      'curl',
    ],
    [
      'HEALTHCHECK absolute path',
      'HEALTHCHECK --interval=5s CMD /usr/bin/curl -fs http://localhost:8000/',
      'curl',
    ],
    ['HEALTHCHECK sh -c', 'HEALTHCHECK CMD sh -c "wget -qO- localhost:8000 || exit 1"', 'wget'],
    [
      'HEALTHCHECK bash -lc exec form',
      'HEALTHCHECK CMD ["/bin/bash", "-lc", "curl -f http://localhost:8000/"]',
      'curl',
    ],
    ['HEALTHCHECK sh -ec', 'HEALTHCHECK CMD sh -ec "wget -qO- localhost:8000"', 'wget'],
    ['HEALTHCHECK timeout wrapper', 'HEALTHCHECK CMD timeout 3 curl -fs localhost:8000', 'curl'],
    ['HEALTHCHECK procps', 'HEALTHCHECK CMD pgrep -f celery || exit 1', 'pgrep'],
    [
      'exec-form sh -c ENTRYPOINT',
      'ENTRYPOINT ["/bin/sh", "-c", "git rev-parse HEAD > /tmp/v && exec python app.py"]',
      'git',
    ],
    ['shell-form CMD after &&', 'CMD ps aux && exec gunicorn app:app', 'ps'],
    ['RUN absolute path', 'RUN /usr/bin/file /app/app.py > /app/kind.txt', 'file'],
    ['RUN command substitution', 'RUN echo "$(curl -fsS https://example.invalid/v)" > /app/v', 'curl'],
    ['RUN if/then', 'RUN if [ -n "$X" ]; then wget -q https://example.invalid/x; fi', 'wget'],
    ['RUN imagemagick', 'RUN convert /app/logo.png -resize 50% /app/small.png', 'convert'],
    ['RUN xz', 'RUN xz -d /app/data.xz', 'xz'],
    ['RUN gpg', 'RUN gpg --batch --verify /app/a.sig /app/a', 'gpg'],
  ])('%s', (_what, line, tool) => {
    for (const make of [pipApp, plain]) {
      const res = optimize(make(line), project());
      expect(finalFrom(res.text), res.text).toMatch(/FROM python:3\.9( |$)/);
      const risk = res.findings.find((f) => f.ruleId === (make === pipApp ? 'WH010' : 'WH001'))?.risk;
      expect(risk).toContain(`\`${tool}\``);
    }
  });

  it('reads the shell scripts the start runs, not Python files', () => {
    const entry = {
      'docker-entrypoint.sh':
        '#!/bin/sh\nset -e\nuntil curl -fs http://db:5432; do sleep 1; done\nexec "$@"\n',
    };
    const res = optimize(
      pipApp('ENTRYPOINT ["./docker-entrypoint.sh"]', 'CMD ["python", "app.py"]'),
      project(entry),
    );
    expect(finalFrom(res.text)).toMatch(/FROM python:3\.9( |$)/);
    expect(res.findings.find((f) => f.ruleId === 'WH010')?.risk).toMatch(/docker-entrypoint\.sh.*`curl`/);
    // `file = open(…)` in app.py is Python, not the `file` program.
    const py = { 'app.py': 'file = open("x")\nps = 1\n' };
    expect(finalFrom(optimize(pipApp(), project(py)).text)).toMatch(/python:3\.9-slim/);
  });

  it('a tool the stage installs itself is no reason', () => {
    const text = plain(
      'RUN apt-get update && apt-get install -y --no-install-recommends curl procps ca-certificates && rm -rf /var/lib/apt/lists/*',
      'HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1',
      'CMD ps aux && exec python app.py',
    );
    expect(finalFrom(optimize(text, project()).text)).toMatch(/python:3\.9-slim/);
  });

  it('finds the program through wrappers and nested shells', () => {
    expect(programsIn('exec timeout -s KILL 5 /usr/bin/curl -f x')).toContain('curl');
    expect(programsIn('FOO=1 nice -n 5 xargs -0 wget < list')).toContain('wget');
    expect(programsIn("bash -c 'ps aux | grep -q app'")).toEqual(['bash', 'ps', 'grep']);
    expect(programsIn('gosu app sh -c "pgrep app"')).toEqual(['sh', 'pgrep']);
    // grouped, long and valued shell options before the script (review: `sh -ec "curl …"` was missed)
    expect(programsIn('sh -ec "curl -f x"')).toEqual(['sh', 'curl']);
    expect(programsIn("bash -lc 'wget -q x'")).toEqual(['bash', 'wget']);
    expect(programsIn("bash -o pipefail -c 'ps aux | grep app'")).toEqual(['bash', 'ps', 'grep']);
    expect(programsIn('bash --login -c -- "git log"')).toEqual(['bash', 'git']);
    expect(programsIn('sh -e ./start.sh -c x')).toEqual(['sh']);
    expect(programsIn('echo `git describe` && true')).toContain('git');
  });
});

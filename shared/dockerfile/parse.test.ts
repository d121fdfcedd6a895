import { describe, expect, it } from 'vitest';
import { DockerfileParseError, parseDockerfile, parseImageRef } from './parse';
import { df } from '../test/helpers';

const parseError = (text: string): DockerfileParseError => {
  try {
    parseDockerfile(text);
  } catch (e) {
    if (e instanceof DockerfileParseError) return e;
    throw e;
  }
  throw new Error('expected a parse error');
};

describe('parseDockerfile', () => {
  const text = df(
    '# syntax=docker/dockerfile:1.7',
    'ARG PY=3.11',
    'FROM --platform=linux/amd64 python:${PY}-slim AS base',
    '# install',
    'RUN apt-get update && \\',
    '    # a comment inside',
    '    apt-get install -y curl',
    'COPY --chown=app:app --from=base /a /b',
    'RUN --mount=type=cache,target=/root/.cache pip install x',
    'CMD ["python", "-m", "app"]',
    'RUN <<EOF',
    'echo hi',
    'EOF',
    'FROM registry.example.com:5000/team/app:1.2@sha256:abc',
    'ENTRYPOINT run.sh --flag',
  );
  const m = parseDockerfile(text);

  it('reads stages with base image parts, names and platform, resolving ARGs before FROM', () => {
    expect(m.stages).toHaveLength(2);
    expect(m.stages[0]!.name).toBe('base');
    expect(m.stages[0]!.platform).toBe('linux/amd64');
    expect(m.stages[0]!.image).toMatchObject({ repository: 'python', tag: '3.11-slim', registry: null });
    expect(m.stages[1]!.image).toMatchObject({
      registry: 'registry.example.com:5000',
      repository: 'team/app',
      tag: '1.2',
      digest: 'sha256:abc',
    });
    expect(m.globalArgs.map((a) => a.args)).toEqual(['PY=3.11']);
  });

  it('keeps line ranges, flags, JSON form, heredocs, comments and directives', () => {
    const run = m.stages[0]!.instructions[0]!;
    expect([run.startLine, run.endLine]).toEqual([4, 6]);
    expect(run.args).toBe('apt-get update && apt-get install -y curl');
    const copy = m.stages[0]!.instructions[1]!;
    expect(copy.flags).toEqual([
      { name: 'chown', value: 'app:app' },
      { name: 'from', value: 'base' },
    ]);
    expect(m.stages[0]!.instructions[2]!.flags[0]).toEqual({
      name: 'mount',
      value: 'type=cache,target=/root/.cache',
    });
    expect(m.stages[0]!.instructions[3]!.jsonArgs).toEqual(['python', '-m', 'app']);
    expect(m.stages[0]!.instructions[4]!.heredoc).toBe(true);
    expect(m.stages[1]!.instructions[0]!.json).toBe(false);
    expect(m.comments.map((c) => c.text)).toContain('install');
    expect(m.directives).toEqual([{ name: 'syntax', value: 'docker/dockerfile:1.7', line: 0 }]);
  });

  it('keeps the exact raw text of each instruction', () => {
    expect(m.stages[0]!.instructions[0]!.raw).toBe(
      'RUN apt-get update && \\\n    # a comment inside\n    apt-get install -y curl',
    );
  });

  it('reads CRLF files', () => {
    const crlf = parseDockerfile('FROM debian:bookworm\r\nRUN true\r\n');
    expect(crlf.eol).toBe('\r\n');
    expect(crlf.stages[0]!.instructions[0]!.raw).toBe('RUN true');
  });
});

describe('parse errors carry line and column', () => {
  it.each([
    ['empty', '', 1, 1, /empty/],
    ['blank', '\n\n  \n', 1, 1, /empty/],
    ['binary', 'FROM x\n\u0000\u0001\u0002', 2, 1, /binary/],
    ['no FROM', '# nothing\nLABEL a=b\n', 2, 1, /before the first FROM/],
    ['only ARG', 'ARG X=1\n', 1, 1, /no FROM/],
    [
      'unknown instruction',
      'FROM debian:bookworm\n  RUNN pip install x\n',
      2,
      3,
      /unknown instruction "RUNN"/,
    ],
  ])('%s', (_name, text, line, column, message) => {
    const e = parseError(text);
    expect(e.code).toBe('DOCKERFILE_PARSE');
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.message).toMatch(message);
    expect(e.details).toEqual({ line, column });
  });

  it('refuses a 5 MB file quickly with a clear message', () => {
    const big =
      'FROM debian:bookworm\n' +
      'RUN echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(100_000);
    const t0 = Date.now();
    const e = parseError(big);
    expect(e.message).toMatch(/over 1 MiB/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('parseImageRef', () => {
  it.each([
    ['python', { repository: 'python', tag: null }],
    ['library/python:3.11', { repository: 'python', tag: '3.11' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: null }],
    [
      'gcr.io/distroless/static-debian12:nonroot',
      { registry: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot' },
    ],
  ])('%s', (raw, expected) => {
    expect(parseImageRef(raw)).toMatchObject(expected);
  });
});

describe('heredocs and shell comments', () => {
  it('reads heredoc bodies apart from the instruction line (tabs of `<<-` stripped, quotes noted)', () => {
    const m = parseDockerfile(
      df(
        'FROM debian',
        'RUN <<-"EOT" bash',
        '\tapt-get update',
        '\tEOT',
        'RUN cat <<A > /a && <<B sh # two',
        'data',
        'A',
        'echo b',
        'B',
        "COPY <<'EOF' /etc/app.conf",
        'key=value # not a comment',
        'EOF',
        'RUN --mount=type=cache,target=/root/.cache \\',
        '    <<EOF',
        'pip install flask',
        'EOF',
      ),
    );
    const [, run1, run2, copy, run3] = m.instructions;
    expect(run1!.args).toBe('<<-"EOT" bash');
    expect(run1!.heredocs).toEqual([
      { name: 'EOT', stripTabs: true, quoted: true, body: 'apt-get update', line: 0 },
    ]);
    expect(run2!.args).toBe('cat <<A > /a && <<B sh');
    expect(run2!.comment).toBe('# two');
    expect(run2!.heredocs.map((h) => [h.name, h.body])).toEqual([
      ['A', 'data'],
      ['B', 'echo b'],
    ]);
    expect(copy!.args).toBe("<<'EOF' /etc/app.conf");
    expect(copy!.heredocs[0]!.body).toBe('key=value # not a comment');
    expect(run3!.args).toBe('<<EOF');
    expect(run3!.heredocs[0]!.body).toBe('pip install flask');
    expect(m.instructions.map((i) => i.endLine)).toEqual([0, 3, 8, 11, 15]);
  });

  it('rejects a heredoc that is never closed, at its `<<`', () => {
    const e = parseError(df('FROM debian', 'RUN echo hi', 'RUN <<EOT', 'echo a', 'CMD ["bash"]'));
    expect(e.code).toBe('DOCKERFILE_PARSE');
    expect([e.line, e.column]).toEqual([3, 5]);
    expect(e.message).toContain('<<EOT');
    expect(parseError(df('FROM debian', 'COPY <<EOF /x', 'hi', '  EOF')).line).toBe(2);
  });

  it('takes trailing comments off shell-form RUN, CMD and ENTRYPOINT arguments', () => {
    const m = parseDockerfile(
      df(
        'FROM debian',
        'RUN mkdir -p /data # scratch space',
        'RUN apt-get install -y curl # pinned \\',
        '    && echo never',
        'RUN echo "#" a#b',
        'RUN # nothing but a comment',
        'CMD /app/server --port 8080 # serve',
      ),
    );
    expect(m.instructions.slice(1).map((i) => [i.args, i.comment])).toEqual([
      ['mkdir -p /data', '# scratch space'],
      ['apt-get install -y curl', '# pinned && echo never'],
      ['echo "#" a#b', null],
      ['', '# nothing but a comment'],
      ['/app/server --port 8080', '# serve'],
    ]);
  });
});

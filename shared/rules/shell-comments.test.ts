/**
 * RUN rewrites and shell comments / heredocs (issue 11, kinds B1 and B2): no command the
 * optimizer writes may land inside a comment, comments stay, heredoc scripts are read (and left
 * as written, with the reason), and a finding is fixed only when re-analysis agrees.
 */
import { describe, expect, it } from 'vitest';
import { DockerfileParseError, parseDockerfile } from '../dockerfile/parse';
import { analyze, optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';
import { segmentsOf } from './commands';

const run = (text: string) => optimize(text, ctx());
const finding = (text: string, id: string) => run(text).findings.filter((f) => f.ruleId === id);
/** Every command line of the output's RUNs as the shell reads them (comments left out). */
const runCommands = (text: string) =>
  parseDockerfile(text).instructions.flatMap((i) => segmentsOf(i).map((s) => s.cmd));

describe('trailing comments (B1)', () => {
  const example = df(
    'FROM debian:bookworm-slim',
    'RUN mkdir -p /data # scratch space',
    'RUN apt-get update',
    'RUN apt-get install -y postgresql-client # pinned',
    'CMD ["bash"]',
  );

  it('appends the apt cleanup outside the comment, keeps the comment above the RUN (issue example)', () => {
    const res = run(example);
    expect(res.text).toContain('# pinned\nRUN apt-get update && \\\n');
    expect(runCommands(res.text)).toContain('rm -rf /var/lib/apt/lists/*');
    expect(res.text).not.toMatch(/# pinned.*(&&|rm)/);
    // WH050 hands over the folder mkdir made, not the words of the comment.
    expect(res.text).toContain('chown -R app:app /data\n');
    expect(res.text).not.toMatch(/\/#|\/scratch|\/space/);
    expect(analyze(res.text, ctx()).map((f) => f.ruleId)).not.toContain('WH022');
    expect(res.findings.filter((f) => f.ruleId === 'WH022' && f.line === 4)[0]!.fixed).toBe(true);
    expect(run(res.text).text).toBe(res.text);
  });

  it('merges RUNs with trailing comments without swallowing the next command', () => {
    const res = run(
      df('FROM debian:bookworm-slim', 'RUN mkdir -p /data # scratch space', 'RUN echo hi # two', 'USER 1000'),
    );
    expect(res.text).toBe(
      df(
        'FROM debian:bookworm-slim',
        '# scratch space',
        '# two',
        'RUN mkdir -p /data && \\',
        '    echo hi',
        'USER 1000',
      ),
    );
    expect(runCommands(res.text)).toEqual(['mkdir -p /data', 'echo hi']);
  });

  it('keeps `#` inside quotes and inside words: they are no comments', () => {
    const res = run(
      df(
        'FROM debian:bookworm-slim',
        'RUN echo "#" && mkdir -p /srv/a#b && apt-get update && apt-get install -y curl',
        'USER 1000',
      ),
    );
    expect(runCommands(res.text)).toEqual([
      'echo "#"',
      'mkdir -p /srv/a#b',
      'apt-get update',
      'apt-get install --no-install-recommends -y curl ca-certificates',
      'rm -rf /var/lib/apt/lists/*',
    ]);
  });

  it('a comment that swallows the continuation moves whole, and the code it hid stays hidden', () => {
    const res = run(
      df(
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y curl # pinned \\',
        '    && echo never',
        'USER 1000',
      ),
    );
    expect(res.text).toContain('# pinned && echo never\nRUN apt-get update');
    expect(runCommands(res.text)).not.toContain('echo never');
    expect(res.findings.find((f) => f.ruleId === 'WH022')!.fixed).toBe(true);
  });

  it('leaves a RUN ending in `&&` before a comment alone (the shell rejects it), naming why', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y curl && # then \\',
      '    echo x',
      'USER 1000',
    );
    const res = run(text);
    expect(res.text).toBe(text);
    const f = res.findings.find((x) => x.ruleId === 'WH022')!;
    expect(f.fixed).toBe(false);
    expect(f.risk).toMatch(/ends in `&&`/);
  });

  it('leaves a RUN with a comment line inside its continuation alone, naming why', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && \\',
      '    # refresh first',
      '    apt-get install -y curl',
      'USER 1000',
    );
    const res = run(text);
    expect(res.text).toBe(text);
    for (const id of ['WH021', 'WH022']) expect(finding(text, id)[0]!.risk).toMatch(/comment line/);
  });

  it('does not move a trailing comment that would read as a suppression above the RUN', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y curl # hadolint ignore=DL3008',
      'USER 1000',
    );
    expect(run(text).text).toBe(text);
  });

  it('keeps the comment of an `apt-get update` merged into the install', () => {
    const res = run(
      df(
        'FROM debian:bookworm-slim',
        'RUN apt-get update # refresh',
        'RUN apt-get install -y curl',
        'USER 1000',
      ),
    );
    expect(res.text).toContain('# refresh\n');
    expect(runCommands(res.text).slice(0, 2)).toEqual([
      'apt-get update',
      'apt-get install --no-install-recommends -y curl ca-certificates',
    ]);
  });

  it('writes an exec-form CMD without the shell-form comment', () => {
    const res = run(
      df(
        'FROM golang:1.19',
        'WORKDIR /src',
        'COPY . .',
        // CGO_ENABLED=0 said outright: without go.mod the Go recipe cannot tell cgo is not needed.
        'RUN CGO_ENABLED=0 go build -o /app/server .',
        'CMD /app/server --port 8080 # serve',
      ),
    );
    expect(res.text).toContain('CMD ["/app/server", "--port", "8080"]');
  });
});

describe('heredocs (B2)', () => {
  it('sees apt commands in a RUN heredoc script, and leaves the script as written with the reason', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN <<EOF',
      'apt-get update',
      'apt-get install -y curl',
      'EOF',
      'USER 1000',
    );
    const res = run(text);
    expect(res.text).toBe(text);
    for (const id of ['WH021', 'WH022']) {
      const f = res.findings.find((x) => x.ruleId === id)!;
      expect(f.fixed).toBe(false);
      expect(f.risk).toMatch(/heredoc/);
    }
  });

  it('reads `<<-` scripts with tabs, `bash <<EOF`, `RUN --mount … <<EOF` and several heredocs', () => {
    const ids = (text: string) => analyze(text, ctx()).map((f) => f.ruleId);
    expect(
      ids(df('FROM debian:bookworm-slim', 'RUN <<-EOT', '\tapt-get install -y curl', '\tEOT')),
    ).toContain('WH021');
    expect(ids(df('FROM python:3.11-slim', 'RUN bash -e <<"EOF"', 'pip install flask', 'EOF'))).toContain(
      'WH023',
    );
    expect(
      ids(
        df(
          'FROM debian:bookworm-slim',
          'RUN --mount=type=cache,target=/var/cache/apt <<EOF',
          'apt-get update && apt-get install -y curl',
          'EOF',
        ),
      ),
    ).toContain('WH022');
    expect(
      ids(
        df(
          'FROM debian:bookworm-slim',
          'RUN cat <<A > /etc/motd && <<B sh',
          'apt-get install -y data',
          'A',
          'apt-get install -y curl',
          'B',
        ),
      ),
    ).toContain('WH021');
  });

  it('does not read a heredoc fed to another program, a file heredoc or a comment as shell', () => {
    const ids = (text: string) => analyze(text, ctx()).map((f) => f.ruleId);
    const none = ['WH021', 'WH022', 'WH023', 'WH024'];
    for (const text of [
      df(
        'FROM python:3.11-slim',
        'RUN <<EOF python3',
        'print("pip install flask; apt-get install -y x")',
        'EOF',
      ),
      df(
        'FROM python:3.11-slim',
        'RUN <<EOF',
        '#!/usr/bin/env python3',
        'print("apt-get install -y x")',
        'EOF',
      ),
      df('FROM debian:bookworm-slim', 'RUN cat <<EOF > /etc/notes', 'apt-get install -y curl', 'EOF'),
      df('FROM node:20-slim', 'COPY <<EOF /app/setup.sh', 'npm install', 'EOF'),
      df(
        'FROM debian:bookworm-slim',
        'RUN <<EOF',
        '# apt-get install -y curl',
        'echo done # pip install x',
        'EOF',
      ),
    ])
      for (const id of none) expect(ids(text), text).not.toContain(id);
  });

  it('hands WH050 the folders a heredoc script makes, not the ones in its comments', () => {
    const res = run(
      df(
        'FROM debian:bookworm-slim',
        'RUN <<EOF',
        'mkdir -p /var/app/data # state',
        '# mkdir /commented',
        'EOF',
        'CMD ["bash"]',
      ),
    );
    expect(res.text).toContain('chown -R app:app /var/app/data\n');
    expect(res.text).not.toMatch(/chown[^\n]*(\/commented|EOF)/);
  });

  it('counts a plain RUN fixed even when a heredoc RUN keeps the same finding', () => {
    const res = run(
      df(
        'FROM debian:bookworm-slim',
        'RUN <<EOF',
        'apt-get update && apt-get install -y curl',
        'EOF',
        'RUN apt-get update && apt-get install -y wget',
        'USER 1000',
      ),
    );
    const wh022 = res.findings.filter((f) => f.ruleId === 'WH022');
    expect(wh022.map((f) => [f.line, f.fixed])).toEqual([
      [2, false],
      [5, true],
    ]);
  });

  it('makes an unterminated heredoc a parse error, not a file that grows on every run', () => {
    const text = df('FROM debian:bookworm-slim', 'RUN echo hi', 'RUN <<EOT', 'echo a', 'CMD ["bash"]');
    expect(() => run(text)).toThrow(DockerfileParseError);
    expect(() => run(text)).toThrow(/line 3, column 5/);
  });
});

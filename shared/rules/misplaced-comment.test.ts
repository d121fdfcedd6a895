/**
 * WH005 (issue 11, review gap D8): `# …` after a non-shell instruction is arguments, not a
 * comment. Expected outcomes are what Docker Engine 20.10.24 did with each form (classic builder
 * and BuildKit alike; see the rule's docstring).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { analyze, optimize } from '../optimizer/index';
import { fuzzParams } from '../test/fuzz';
import { ctx, df } from '../test/helpers';

const wh005 = (text: string) => analyze(text, ctx()).filter((f) => f.ruleId === 'WH005');
const B = 'FROM debian:bookworm-slim';

describe('WH005: a # after a non-shell instruction', () => {
  it.each([
    // [Dockerfile, line, column, severity, what Docker does]
    [df('FROM python:3.9 # base'), 1, 17, 'error', 'requires either one or three arguments'],
    [df('FROM python:3.9 AS app # base'), 1, 24, 'error', 'requires either one or three arguments'],
    [df('FROM --platform=$BUILDPLATFORM golang:1.21 AS b # x'), 1, 49, 'error', 'one or three'],
    [df(B, 'COPY a.txt /a.txt # config'), 2, 19, 'error', 'more sources'],
    [df(B, 'COPY --chown=1:1 a.txt /srv/ # config'), 2, 30, 'error', 'more sources'],
    [df(B, 'ADD a.tar /opt/ # unpacked'), 2, 17, 'error', 'more sources'],
    [df(B, 'ENV A=1 # note'), 2, 9, 'error', "can't find ="],
    [df(B, 'ENV A=1 B=2 #note'), 2, 13, 'error', "can't find ="],
    [df(B, 'ENV A 1 # note'), 2, 9, 'error', 'A is set to "1 # note"'],
    [df(B, 'LABEL a=b # note'), 2, 11, 'error', "can't find ="],
    [df(B, 'EXPOSE 8080 # web'), 2, 13, 'error', 'Invalid containerPort'],
    [df(B, 'EXPOSE 8080/tcp # web'), 2, 17, 'error', 'Invalid containerPort'],
    [df(B, 'WORKDIR /app # code'), 2, 14, 'error', 'working directory becomes "/app # code"'],
    [df(B, 'USER app # drop root'), 2, 10, 'error', 'does not start'],
    [df(B, 'USER 1000:1000 # nonroot'), 2, 16, 'error', 'does not start'],
    [df(B, 'VOLUME /data # state'), 2, 14, 'error', 'become volumes'],
    [df(B, 'STOPSIGNAL SIGTERM # graceful'), 2, 20, 'error', 'Invalid signal'],
    [df(B, 'HEALTHCHECK NONE # off'), 2, 18, 'error', 'takes no arguments'],
    [df(B, 'ONBUILD COPY a /a # c'), 2, 19, 'error', 'ONBUILD trigger'],
    [df('ARG X=1 # c', B), 1, 9, 'info', 'build arguments too'],
    [df(B, 'MAINTAINER me # c'), 2, 15, 'info', 'author becomes'],
    // Continuation: the `#` sits on the third line; the comment line inside is a real comment.
    [df(B, 'COPY a \\', '  # a real comment line', '  /b/ # c'), 4, 7, 'error', 'more sources'],
    // Heredoc COPY: its instruction line has the `#`; the body is the file, not arguments.
    [df(B, 'COPY <<EOF /x # c', 'key # value', 'EOF'), 2, 15, 'error', 'more sources'],
    // JSON forms: Docker decodes the array and ignores the rest (the build works).
    [df(B, 'CMD ["echo", "hi"] # c'), 2, 20, 'info', 'ignores "# c"'],
    [df(B, 'ENTRYPOINT ["/app"] # c'), 2, 21, 'info', 'ignores'],
    [df(B, 'VOLUME ["/data"] # c'), 2, 18, 'info', 'ignores'],
    [df(B, 'COPY ["a", "/a"] # c'), 2, 18, 'info', 'ignores'],
    [df(B, 'HEALTHCHECK --interval=5s CMD ["true"] # c'), 2, 40, 'info', 'ignores'],
  ] as const)('%j', (text, line, column, severity, what) => {
    const [f, ...more] = wh005(text);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ line, endLine: line, column, severity, fixed: false });
    expect(f!.message).toContain(what);
  });

  it.each([
    df(B, 'RUN apt-get update # refresh'),
    df(B, 'CMD echo hi # shell form: the shell reads the comment'),
    df(B, 'ENTRYPOINT exec app # c'),
    df(B, 'HEALTHCHECK CMD curl -f localhost # CMD-SHELL'),
    df(B, 'ONBUILD RUN true # c'),
    df(B, 'ENV A="1 # quoted"'),
    df(B, "LABEL note='a # b'"),
    df(B, 'COPY a#b /x'),
    df(B, 'ENV A=x\\ #y'),
    df(B, 'RUN <<EOF', 'echo hi # shell', 'EOF'),
    df(B, '# a comment line', 'WORKDIR /app'),
  ])('no finding: %j', (text) => {
    expect(wh005(text)).toEqual([]);
  });

  it('reads CMD ["app"] # c as the exec form Docker runs, not as a shell command', () => {
    const cmd = parseDockerfile(df(B, 'CMD ["app", "--serve"] # c')).stages[0]!.instructions[0]!;
    expect(cmd).toMatchObject({ json: true, jsonArgs: ['app', '--serve'] });
  });

  it('the optimizer keeps the text as written (no fix) and stays idempotent', () => {
    const text = df(
      'FROM python:3.9 # base',
      'WORKDIR /app # code',
      'EXPOSE 8080 # web',
      'CMD ["python", "app.py"]',
    );
    const res = optimize(text, ctx());
    for (const l of ['# base', 'WORKDIR /app # code', 'EXPOSE 8080 # web']) expect(res.text).toContain(l);
    expect(optimize(res.text, ctx()).text).toBe(res.text);
    expect(res.findings.filter((f) => f.ruleId === 'WH005')).toHaveLength(3);
  });

  it('a user Whittle adds gets the WORKDIR Docker really made ("/app # code"), not a path cut at the #', () => {
    const res = optimize(
      df('FROM python:3.9-slim', 'WORKDIR /app # code', 'CMD ["python", "app.py"]'),
      ctx(),
    );
    expect(res.text).toContain("chown app:app '/app # code'");
    expect(optimize(res.text, ctx()).text).toBe(res.text);
  });

  it('finds the # wherever it sits, with its line and column (generated)', () => {
    const forms = fc.constantFrom(
      'FROM debian:bookworm-slim',
      'COPY a /b',
      'ADD --chown=1:1 a /b/',
      'ENV A=1',
      'ENV A 1',
      'LABEL a=b',
      'EXPOSE 8080',
      'WORKDIR /srv',
      'USER app',
      'VOLUME /data',
      'STOPSIGNAL SIGINT',
    );
    fc.assert(
      fc.property(
        forms,
        fc.stringMatching(/^[ \t]{1,3}$/),
        fc.stringMatching(/^[a-z #.:-]{0,12}$/),
        fc.boolean(),
        (form, gap, words, continued) => {
          const [kw, ...rest] = form.split(' ');
          const ins =
            continued && rest.length > 1 ? `${kw} ${rest[0]} \\\n  ${rest.slice(1).join(' ')}` : form;
          const lines = `${ins}${gap}#${words}`.split('\n');
          const text = df(...(kw === 'FROM' ? [] : [B]), ...lines);
          const all = text.split('\n');
          const line = all.length - 2; // 0-based line of the `#`
          const col = all[line]!.lastIndexOf(`${gap}#`) + gap.length;
          const found = wh005(text);
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject({ line: line + 1, column: col + 1 });
        },
      ),
      fuzzParams(60, 20261130),
    );
  });
});

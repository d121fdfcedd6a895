import { describe, expect, it } from 'vitest';
import { analyze, optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';

/** Compilers and headers installed by apk or yum/dnf are reported like apt's, and the split is advice there. */
describe('WH010/WH011 on alpine and yum/dnf bases', () => {
  const cases: [string, string, string[]][] = [
    [
      'apk build-base on python alpine',
      'RUN apk add --update build-base postgresql-dev libffi-dev',
      ['build-base', 'postgresql-dev', 'libffi-dev'],
    ],
    [
      'apk --virtual .build-deps',
      'RUN apk add --no-cache --virtual .build-deps gcc musl-dev',
      ['gcc', 'musl-dev'],
    ],
    [
      'dnf gcc-c++ and -devel',
      'RUN dnf install -y gcc-c++ python3-devel openssl-devel && dnf clean all',
      ['gcc-c++', 'python3-devel', 'openssl-devel'],
    ],
  ];
  for (const [name, run, pkgs] of cases)
    it(name, () => {
      const from = run.includes('dnf') ? 'FROM fedora:40' : 'FROM python:3.11-alpine';
      const text = df(
        from,
        'WORKDIR /app',
        run,
        'COPY . .',
        'RUN pip install -r requirements.txt',
        'CMD ["python", "app.py"]',
      );
      const res = optimize(text, ctx(['requirements.txt', 'app.py']));
      const wh011 = res.findings.find((f) => f.ruleId === 'WH011');
      expect(wh011?.message).toBe(`build-only packages in the final image: ${pkgs.join(', ')}`);
      const wh010 = res.findings.find((f) => f.ruleId === 'WH010');
      expect(wh010?.fixed).toBe(false);
      expect(wh010?.risk).toMatch(/not Debian-based/);
      expect(res.text).not.toMatch(/AS builder/);
    });

  it('a runtime-only apk install is no build package', () => {
    const text = df('FROM python:3.11-alpine', 'RUN apk add --no-cache libpq tzdata', 'CMD ["python"]');
    expect(analyze(text, ctx([])).map((f) => f.ruleId)).not.toContain('WH011');
  });
});

import { describe, expect, it } from 'vitest';
import { optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';
import { isBuildOnlyPackage } from './base-images';

/** The final stage's text (from its FROM line on), continuations joined. */
const finalStageText = (text: string): string => {
  const flat = text.replace(/\s*\\\n\s*/g, ' ');
  return flat.slice(flat.lastIndexOf('\nFROM '));
};

describe('git is never dropped from the runtime stage (D3)', () => {
  it('is not a build-only package; compilers and -dev headers still are', () => {
    expect(isBuildOnlyPackage('git')).toBe(false);
    expect(isBuildOnlyPackage('git=1:2.39.2-1.1')).toBe(false);
    expect(isBuildOnlyPackage('gcc')).toBe(true);
    expect(isBuildOnlyPackage('libpq-dev')).toBe(true);
    expect(isBuildOnlyPackage('build-essential')).toBe(true);
  });

  for (const base of ['python:3.11', 'node:20']) {
    it(`keeps git installed in the final stage of a ${base} split`, () => {
      const text = df(
        `FROM ${base}`,
        'RUN apt-get update && apt-get install -y --no-install-recommends gcc git libpq-dev && rm -rf /var/lib/apt/lists/*',
        'WORKDIR /app',
        'COPY . .',
        base.startsWith('python') ? 'RUN pip install -r requirements.txt' : 'RUN npm ci',
        base.startsWith('python') ? 'CMD ["python", "app.py"]' : 'CMD ["node", "index.js"]',
      );
      const files = base.startsWith('python')
        ? ['requirements.txt', 'app.py']
        : ['package.json', 'package-lock.json', 'index.js'];
      const res = optimize(text, ctx(files));
      const last = finalStageText(res.text);
      // The split happened (a builder stage) and the runtime stage still installs git, not gcc.
      expect(res.text).toMatch(/ AS builder/);
      expect(last).toMatch(/apt-get install[^\n]*\bgit\b/);
      expect(last).not.toMatch(/\bgcc\b/);
      const wh011 = res.findings.find((f) => f.ruleId === 'WH011');
      expect(wh011?.message ?? '').not.toMatch(/\bgit\b/);
    });
  }
});

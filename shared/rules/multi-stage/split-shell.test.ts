/**
 * A SHELL above the build goes to the builder too: the builder's RUNs were written for it
 * (pipefail, `[[ ]]`, `source`). Before, SHELL counted as runtime-only and the builder ran them
 * with /bin/sh. Checked for each recipe's split.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { optimize } from '../../optimizer/index';
import { df } from '../../test/helpers';

const SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';

/** The builder's text (up to the second FROM) of the optimized file. */
const builderOf = (text: string, p: ProjectContext): string => {
  const out = optimize(text, p).text;
  const parts = out.split(/^(?=FROM )/m).filter((x) => x.startsWith('FROM'));
  expect(parts.length, out).toBeGreaterThanOrEqual(2);
  return parts[parts.length - 2]!;
};

describe('SHELL in a split', () => {
  it.each<[string, string[], ProjectContext]>([
    [
      'Go',
      [
        'FROM golang:1.22',
        SHELL,
        'WORKDIR /src',
        'COPY . .',
        'RUN [[ -f go.mod ]] && CGO_ENABLED=0 go build -o /app .',
        'CMD ["/app"]',
      ],
      {
        files: ['go.mod', 'main.go'],
        dockerignore: '.git\n',
        manifests: { 'go.mod': 'module x\n\ngo 1.22\n' },
        cgo: false,
      },
    ],
    [
      'Node',
      [
        'FROM node:20',
        SHELL,
        'WORKDIR /app',
        'COPY . .',
        'RUN npm ci && npm run build | tee build.log',
        'CMD ["node", "dist/index.js"]',
      ],
      {
        files: ['package.json', 'package-lock.json', 'src/index.ts'],
        dockerignore: '.git\n',
        packageJson: { scripts: { build: 'tsc' }, devDependencies: ['typescript'] },
        nodeSubprocess: false,
      },
    ],
    [
      'Python',
      [
        'FROM python:3.11',
        SHELL,
        'WORKDIR /app',
        'COPY requirements.txt .',
        'RUN pip install -r requirements.txt | tee pip.log',
        'COPY . .',
        'CMD ["python", "app.py"]',
      ],
      {
        files: ['requirements.txt', 'app.py'],
        dockerignore: '.git\n',
        manifests: { 'requirements.txt': 'flask==3.0.0\n' },
      },
    ],
  ])('%s: the builder keeps the SHELL above its build', (_, lines, p) => {
    const builder = builderOf(df(...lines), p);
    expect(builder).toContain(SHELL);
    expect(builder.indexOf(SHELL)).toBeLessThan(builder.indexOf('RUN '));
  });

  it('a SHELL after the build stays in the runtime only', () => {
    const text = df(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /app .',
      SHELL,
      'CMD ["/app"]',
    );
    const p: ProjectContext = { files: ['go.mod', 'main.go'], dockerignore: '.git\n', cgo: false };
    expect(builderOf(text, p)).not.toContain('SHELL');
  });
});

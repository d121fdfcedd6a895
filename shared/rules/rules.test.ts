import { describe, expect, it } from 'vitest';
import { optimize } from '../optimizer/index';
import { ctx, df, onlyFix, ruleIdsOf } from '../test/helpers';
import { RULES } from './index';

interface Case {
  rule: string;
  fires: string;
  quiet: string;
  files?: string[];
  dockerignore?: string | null;
  /** Substrings the rule's own fix must produce (absent for advice-only rules). */
  fixed?: string[];
  /** Substrings the fix must remove. */
  gone?: string[];
  buildkit?: boolean;
}

const CASES: Case[] = [
  {
    rule: 'WH001',
    fires: df('FROM python:3.11', 'COPY app.py /app.py', 'CMD ["python", "/app.py"]'),
    quiet: df('FROM python:3.11-slim', 'COPY app.py /app.py', 'CMD ["python", "/app.py"]'),
    fixed: ['FROM python:3.11-slim'],
  },
  {
    rule: 'WH002',
    fires: df('FROM debian:latest', 'CMD ["true"]'),
    quiet: df('FROM debian:bookworm-slim', 'CMD ["true"]'),
  },
  {
    rule: 'WH003',
    fires: df('FROM node:20', 'CMD ["node"]'),
    quiet: df('FROM node:20-slim', 'CMD ["node"]'),
  },
  {
    rule: 'WH004',
    fires: df('FROM eclipse-temurin:17-jdk', 'COPY app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]'),
    quiet: df('FROM eclipse-temurin:17-jre', 'COPY app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]'),
  },
  {
    rule: 'WH005',
    fires: df('FROM debian:bookworm-slim # base', 'CMD ["true"]'),
    quiet: df('# base', 'FROM debian:bookworm-slim', 'CMD ["true"]'),
  },
  {
    rule: 'WH010',
    fires: df(
      'FROM python:3.11',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
    ),
    quiet: df('FROM python:3.11-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["python", "app.py"]'),
    files: ['requirements.txt', 'app.py'],
    fixed: ['AS builder', 'python3 -m venv /opt/venv', 'COPY --from=builder /opt/venv /opt/venv'],
  },
  {
    rule: 'WH011',
    fires: df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*',
    ),
    quiet: df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
    ),
  },
  {
    rule: 'WH013',
    fires: df(
      'FROM golang:1.21 AS build',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM golang:1.21',
      'COPY --from=build /out/app /app',
      'CMD ["/app"]',
    ),
    quiet: df(
      'FROM golang:1.21 AS build',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM gcr.io/distroless/static-debian12:nonroot',
      'COPY --from=build /out/app /app',
      'CMD ["/app"]',
    ),
    fixed: ['FROM gcr.io/distroless/static-debian12\nWORKDIR /go'],
  },
  {
    rule: 'WH012',
    fires: df('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'),
    quiet: df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm ci --omit=dev',
      'CMD ["node", "index.js"]',
    ),
  },
  {
    rule: 'WH020',
    fires: df('FROM debian:bookworm', 'RUN apt-get update', 'RUN apt-get install -y curl'),
    quiet: df('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y curl'),
    fixed: ['RUN apt-get update && \\\n    apt-get install -y curl'],
  },
  {
    rule: 'WH021',
    fires: df('FROM debian:bookworm', 'RUN apt-get install -y curl'),
    quiet: df('FROM debian:bookworm', 'RUN apt-get install -y --no-install-recommends curl'),
    fixed: ['apt-get install --no-install-recommends -y curl'],
  },
  {
    rule: 'WH022',
    fires: df('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y curl'),
    quiet: df(
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    ),
    fixed: ['rm -rf /var/lib/apt/lists/*'],
  },
  {
    rule: 'WH023',
    fires: df('FROM python:3.11-slim', 'RUN pip install flask'),
    quiet: df('FROM python:3.11-slim', 'RUN pip install --no-cache-dir flask'),
    fixed: ['pip install --no-cache-dir flask'],
  },
  {
    rule: 'WH034',
    fires: df('FROM python:3.11-slim', 'COPY . /app', 'RUN mkdir -p /data && python /app/manage.py migrate'),
    quiet: df(
      'FROM python:3.11-slim',
      'COPY . /app',
      'RUN mkdir -p /data && python -B /app/manage.py migrate',
    ),
    fixed: ['RUN mkdir -p /data &&', 'PYTHONDONTWRITEBYTECODE=1 python /app/manage.py migrate'],
  },
  {
    rule: 'WH024',
    fires: df('FROM node:20-slim', 'COPY package.json package-lock.json ./', 'RUN npm install'),
    quiet: df('FROM node:20-slim', 'COPY package.json package-lock.json ./', 'RUN npm ci'),
    files: ['package.json', 'package-lock.json'],
    fixed: ['RUN npm ci'],
  },
  {
    rule: 'WH025',
    fires: df('FROM node:20-slim', 'RUN npm install -g serve'),
    quiet: df('FROM node:20-slim', 'RUN npm install -g serve && npm cache clean --force'),
    fixed: ['npm cache clean --force'],
  },
  {
    rule: 'WH026',
    fires: df('FROM alpine:3.20', 'RUN apk add curl'),
    quiet: df('FROM alpine:3.20', 'RUN apk add --no-cache curl'),
    fixed: ['apk add --no-cache curl'],
  },
  {
    rule: 'WH027',
    fires: df('FROM rockylinux:9', 'RUN dnf install -y gcc'),
    quiet: df('FROM rockylinux:9', 'RUN dnf install -y gcc && dnf clean all'),
    fixed: ['dnf clean all'],
  },
  {
    rule: 'WH028',
    fires: df(
      'FROM debian:bookworm-slim',
      'RUN curl -o /tmp/big.tgz http://example.invalid/x',
      'RUN rm -f /tmp/big.tgz',
    ),
    quiet: df(
      'FROM debian:bookworm-slim',
      'RUN curl -o /tmp/big.tgz http://example.invalid/x && rm -f /tmp/big.tgz',
    ),
  },
  {
    rule: 'WH029',
    fires: df('FROM debian:bookworm-slim', 'WORKDIR /app', 'COPY . /app', 'RUN chown -R app:app /app'),
    quiet: df('FROM debian:bookworm-slim', 'WORKDIR /app', 'COPY --chown=app:app . /app'),
    fixed: ['COPY --chown=app:app . /app'],
    gone: ['chown -R'],
  },
  {
    rule: 'WH030',
    fires: df('FROM debian:bookworm-slim', 'ADD config.yaml /etc/app/config.yaml'),
    quiet: df('FROM debian:bookworm-slim', 'ADD rootfs.tar.gz /', 'COPY config.yaml /etc/app/config.yaml'),
    fixed: ['COPY config.yaml /etc/app/config.yaml'],
  },
  {
    rule: 'WH031',
    fires: df('FROM debian:bookworm-slim', 'ADD https://example.invalid/tool.tar.gz /opt/'),
    quiet: df('FROM debian:bookworm-slim', 'COPY tool.tar.gz /opt/'),
  },
  {
    rule: 'WH032',
    fires: df('FROM debian:bookworm-slim', 'RUN mkdir -p /data', 'RUN touch /data/ready'),
    quiet: df('FROM debian:bookworm-slim', 'RUN mkdir -p /data && touch /data/ready'),
    fixed: ['RUN mkdir -p /data && \\\n    touch /data/ready'],
  },
  {
    rule: 'WH033',
    fires: df('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "server.js"]'),
    quiet: df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'CMD ["node", "server.js"]',
    ),
    files: ['package.json', 'package-lock.json', 'server.js'],
    fixed: ['COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .'],
  },
  {
    rule: 'WH038',
    fires: df('FROM ruby:3.2-slim', 'RUN gem install rake'),
    quiet: df('FROM ruby:3.2-slim', 'RUN gem install --no-document rake'),
    fixed: ['gem install --no-document rake'],
  },
  {
    rule: 'WH040',
    fires: df('FROM debian:bookworm-slim', 'COPY . /app'),
    quiet: df('FROM debian:bookworm-slim', 'COPY app.sh /app/'),
    dockerignore: null,
    files: ['.git/', 'app.sh'],
  },
  {
    rule: 'WH041',
    // node_modules is junk only when the Dockerfile installs the dependencies itself.
    fires: df('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'),
    quiet: df('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'),
    files: ['.git/', 'node_modules/', 'app.js'],
    dockerignore: '.git\n',
  },
  {
    rule: 'WH014',
    fires: df(
      'FROM maven:3.9-eclipse-temurin-17 AS build',
      'COPY . /src',
      'RUN mvn -f /src/pom.xml -q package',
      'FROM eclipse-temurin:17-jre',
      'COPY --from=build /src/target/app.jar /app.jar',
      'CMD ["java", "-jar", "/app.jar"]',
    ),
    quiet: df(
      'FROM maven:3.9-eclipse-temurin-17 AS build',
      'COPY . /src',
      'RUN mvn -f /src/pom.xml -q package',
      'FROM eclipse-temurin:17-jre-alpine',
      'COPY --from=build /src/target/app.jar /app.jar',
      'CMD ["java", "-jar", "/app.jar"]',
    ),
    files: ['pom.xml'],
    fixed: ['FROM debian:bookworm-slim', 'COPY --from=build /opt/jre /opt/java/openjdk'],
  },
  {
    rule: 'WH042',
    fires: df('FROM debian:bookworm-slim', 'COPY . /app'),
    quiet: df('FROM debian:bookworm-slim', 'COPY app.sh /app/'),
    files: ['.env', 'app.sh'],
  },
  {
    rule: 'WH050',
    fires: df('FROM python:3.11-slim', 'COPY app.py /app.py', 'CMD ["python", "/app.py"]'),
    quiet: df('FROM python:3.11-slim', 'COPY app.py /app.py', 'USER 1000', 'CMD ["python", "/app.py"]'),
    fixed: ['USER app\nCMD ["python", "/app.py"]'],
  },
];

describe('rule catalog', () => {
  it('has at least 24 rules with unique ids, a title and a readable why', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(24);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.why.length).toBeGreaterThan(80);
    }
  });

  it('has a test case for every rule', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
  });
});

describe.each(CASES)('$rule', (c) => {
  const project = ctx(c.files ?? [], c.dockerignore === undefined ? '.git\n' : c.dockerignore);
  // The quiet WH041 case needs a .dockerignore that excludes node_modules too.
  const quietProject = c.rule === 'WH041' ? ctx(c.files ?? [], '.git\nnode_modules\n') : project;

  it('fires', () => {
    expect(ruleIdsOf(c.fires, project, { buildkit: c.buildkit })).toContain(c.rule);
  });

  it('stays quiet on the fixed form', () => {
    expect(ruleIdsOf(c.quiet, quietProject, { buildkit: c.buildkit })).not.toContain(c.rule);
  });

  if (c.fixed) {
    it('fixes it', () => {
      const out = onlyFix(c.rule, c.fires, project, { buildkit: c.buildkit });
      for (const s of c.fixed!) expect(out).toContain(s);
      for (const s of c.gone ?? []) expect(out).not.toContain(s);
      expect(ruleIdsOf(out, project, { buildkit: c.buildkit })).not.toContain(c.rule);
    });
  }
});

describe('suppression', () => {
  const text = df(
    'FROM debian:bookworm',
    '# hadolint ignore=DL3015',
    'RUN apt-get install -y curl',
    '# whittle ignore=WH022',
    'RUN apt-get update && apt-get install -y --no-install-recommends git',
  );

  it('honours hadolint ids and whittle ids on the line above', () => {
    const found = optimize(text, ctx()).findings.map((f) => `${f.ruleId}@${f.line}`);
    expect(found).not.toContain('WH021@3');
    expect(found).not.toContain('WH022@5');
    expect(found).toContain('WH022@3');
  });

  it('leaves suppressed instructions unchanged', () => {
    const out = optimize(text, ctx()).text;
    expect(out).toContain('RUN apt-get install -y curl');
  });
});

describe('safety', () => {
  it('does not move to slim when the final stage compiles, unless a builder takes the compile', () => {
    const text = df('FROM python:3.11', 'RUN pip install -r requirements.txt', 'CMD ["python"]');
    const noSplit = optimize(text, ctx(['requirements.txt']), { disabled: ['WH010'] });
    expect(noSplit.text).toContain('FROM python:3.11\n');
    expect(noSplit.findings.find((f) => f.ruleId === 'WH001')?.risk).toMatch(/compil/);
  });

  it('keeps the runtime library when moving a -dev package to the builder', () => {
    const text = df(
      'FROM python:3.11',
      'RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev gcc && rm -rf /var/lib/apt/lists/*',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'CMD ["python", "app.py"]',
    );
    const out = optimize(text, ctx(['requirements.txt'])).text;
    const runtime = out.slice(out.lastIndexOf('FROM '));
    expect(runtime).toContain('libpq5');
    expect(runtime).not.toContain('libpq-dev');
    expect(runtime).not.toMatch(/\bgcc\b/);
  });

  it('does not add a non-root user when the app binds a port below 1024', () => {
    const text = df('FROM nginx:1.27', 'EXPOSE 80', 'CMD ["nginx", "-g", "daemon off;"]');
    const f = optimize(text, ctx()).findings.find((x) => x.ruleId === 'WH050');
    expect(f?.fixed).toBe(false);
    expect(f?.risk).toMatch(/1024/);
  });

  it('hands VOLUMEs and folders no later chown covers to the user the Dockerfile already has, after the last step', () => {
    const text = df(
      'FROM python:3.11-slim',
      'VOLUME /data',
      'RUN useradd --create-home app',
      'WORKDIR /srv',
      'RUN chown -R app /srv && mkdir uploads',
      'COPY . .',
      'CMD ["python", "app.py"]',
    );
    const out = onlyFix('WH050', text);
    // After useradd and after the mkdir: the hand-over needs both to exist.
    expect(out).toMatch(
      /COPY \. \.\nRUN mkdir -p \/data && \\\n\s+chown -R app \/data \/srv\/uploads\nUSER app\nCMD/,
    );
    // Already handed over by a chown that ran after the mkdir: nothing more than the USER.
    const handed = df(
      'FROM python:3.11-slim',
      'RUN useradd app && mkdir /data && chown app /data',
      'CMD ["python"]',
    );
    expect(onlyFix('WH050', handed)).not.toMatch(/RUN mkdir -p|chown -R/);
  });

  it("reads mkdir's mode option and leaves relative folders after a cd, and brace expansions, alone", () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'WORKDIR /app',
      'RUN mkdir -m 700 /app/data /app/{a,b} && cd /srv && mkdir cache',
      'CMD ["app"]',
    );
    const out = onlyFix('WH050', text);
    expect(out).toMatch(/chown -R app:app \/app\/data && \\\n\s+chown app:app \/app\nUSER app/);
  });

  it("gives a Rails app's user its tmp/ and log/ (and storage/) folders", () => {
    const text = df('FROM ruby:3.2-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["bin/rails", "server"]');
    const out = onlyFix('WH050', text, ctx(['config/application.rb', 'storage/.keep', 'Gemfile']));
    expect(out).toContain('mkdir -p /app/tmp /app/log /app/storage');
    expect(out).toContain('chown -R app:app /app/tmp /app/log /app/storage');
    expect(out).toContain('USER app');
  });

  it('hands the folders the Dockerfile made for state to the user it adds', () => {
    const text = df('FROM debian:bookworm-slim', 'RUN mkdir -p /var/lib/app /data', 'CMD ["app"]');
    const out = optimize(text, ctx()).text;
    expect(out).toContain('chown -R app:app /var/lib/app /data');
    expect(out.indexOf('chown')).toBeLessThan(out.indexOf('USER app'));
  });

  it('keeps devDependencies when the CMD runs a dev server', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'CMD ["npx", "nodemon", "server.js"]',
    );
    const out = optimize(text, ctx(['package.json', 'package-lock.json'])).text;
    expect(out).not.toContain('npm prune');
  });

  describe('Node split reads what `npm start` runs from package.json', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'CMD ["npm", "start"]',
    );
    const withPkg = (scripts: Record<string, string>, devDependencies: string[]) => ({
      ...ctx(['package.json', 'package-lock.json']),
      packageJson: { scripts, devDependencies },
    });

    it('keeps devDependencies when the start script runs one (ts-node, through npm run)', () => {
      const res = optimize(
        text,
        withPkg({ start: 'npm run serve', serve: 'ts-node src/index.ts' }, ['ts-node']),
      );
      expect(res.text).toContain('AS builder');
      expect(res.text).not.toContain('npm prune');
      expect(res.fixes.find((f) => f.ruleId === 'WH010')?.explanation).toContain('ts-node');
    });

    it('keeps them for a prestart hook and a renamed binary (typescript → tsc)', () => {
      const res = optimize(
        text,
        withPkg({ prestart: 'tsc -p .', start: 'node dist/index.js' }, ['typescript']),
      );
      expect(res.text).not.toContain('npm prune');
    });

    it('finds dev tools behind sh -c, in every script a command chains, and by guessed binary names', () => {
      const run = (cmd: string, scripts: Record<string, string>, dev: string[]) =>
        optimize(text.replace('CMD ["npm", "start"]', cmd), withPkg(scripts, dev)).text;
      expect(
        run('CMD ["sh", "-c", "npx prisma migrate deploy && node dist/index.js"]', {}, ['prisma']),
      ).not.toContain('npm prune');
      expect(
        run('CMD npm run migrate && npm start', { migrate: 'node m.js', start: 'ts-node-dev src' }, [
          'ts-node-dev',
        ]),
      ).not.toContain('npm prune');
      expect(
        run('CMD ["npm", "start"]', { prestart: 'babel src -d dist', start: 'node dist' }, ['@babel/cli']),
      ).not.toContain('npm prune');
      expect(
        run('CMD ["npm", "start"]', { start: 'sequelize db:migrate && node app.js' }, ['sequelize-cli']),
      ).not.toContain('npm prune');
    });

    it('prunes when the start script needs only production packages (@types/node is no `node`)', () => {
      const res = optimize(text, withPkg({ start: 'node server.js' }, ['@types/node', 'jest']));
      expect(res.text).toContain('npm prune --omit=dev');
    });
  });

  it('keeps system packages installed before a Node build in the runtime, and the runtime side of build ones', () => {
    const text = df(
      'FROM node:20',
      'RUN apt-get update && apt-get install -y --no-install-recommends imagemagick && rm -rf /var/lib/apt/lists/*',
      'RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev g++ make && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      'CMD ["node", "dist/index.js"]',
    );
    const out = optimize(text, ctx(['package.json', 'package-lock.json'])).text;
    const [builder, runtime] = out.split(/^FROM /m).slice(1);
    expect(builder).toContain('imagemagick');
    expect(builder).toContain('libpq-dev g++ make');
    expect(runtime).toContain('imagemagick');
    expect(runtime).toMatch(/apt-get install -y --no-install-recommends libpq5\b/);
    expect(runtime).not.toMatch(/g\+\+|libpq-dev/);
  });

  it('keeps what sets up the system before the first COPY in the runtime (a package repository and its packages)', () => {
    const text = df(
      'FROM node:20',
      'RUN apt-get update && apt-get install -y wget gnupg && echo "deb http://dl.example.invalid/chrome stable main" > /etc/apt/sources.list.d/google.list',
      'RUN apt-get update && apt-get install -y google-chrome-stable && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      'CMD ["node", "dist/index.js"]',
    );
    const out = optimize(text, ctx(['package.json', 'package-lock.json'])).text;
    const runtime = out.split(/^FROM /m)[2]!;
    expect(runtime).toContain('sources.list.d/google.list');
    expect(runtime.indexOf('google.list')).toBeLessThan(runtime.indexOf('google-chrome-stable'));
  });

  it('holds back a Node split when system packages are installed after the project files arrive', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY . .',
      'RUN set -eux; apt-get update; apt-get install -y ffmpeg',
      'RUN npm ci && npm run build',
      'CMD ["node", "dist/index.js"]',
    );
    const res = optimize(text, ctx(['package.json', 'package-lock.json']));
    expect(res.findings.find((f) => f.ruleId === 'WH010')?.risk).toMatch(/Line 4 installs system packages/);
  });

  it('holds back a Node split when one RUN mixes runtime apt packages with build commands', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY . .',
      'RUN apt-get update && apt-get install -y imagemagick g++ && npm ci && npm run build',
      'CMD ["node", "dist/index.js"]',
    );
    const res = optimize(text, ctx(['package.json', 'package-lock.json']));
    expect(res.findings.find((f) => f.ruleId === 'WH010')?.risk).toMatch(/imagemagick/);
    expect(res.text).not.toContain('AS builder');
  });

  it("keeps the pip RUN's flags (a secret mount for a private index) when it moves to the builder", () => {
    const text = df(
      'FROM python:3.11',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN --mount=type=secret,id=pipconf,target=/etc/pip.conf pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
    );
    const out = optimize(text, ctx(['requirements.txt']), { buildkit: true }).text;
    expect(out).toContain('AS builder');
    expect(out).toContain(
      'RUN --mount=type=secret,id=pipconf,target=/etc/pip.conf pip install -r requirements.txt',
    );
  });

  it('builds Go statically for distroless and converts a shell-form CMD to exec form', () => {
    const text = df(
      'FROM golang:1.19',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /app/server .',
      'EXPOSE 8080',
      'CMD /app/server',
    );
    const out = optimize(text, {
      ...ctx(['go.mod', 'main.go']),
      manifests: { 'go.mod': 'module x\n\ngo 1.19\n' },
      cgo: false,
    }).text;
    expect(out).toContain('ENV CGO_ENABLED=0');
    expect(out).toContain('FROM gcr.io/distroless/static-debian12');
    expect(out).toContain('COPY --from=builder /app/server /app/server');
    expect(out).toContain('CMD ["/app/server"]');
  });

  it('never picks alpine by itself', () => {
    const out = optimize(df('FROM node:20', 'COPY . /app', 'CMD ["node", "/app/x.js"]'), ctx()).text;
    expect(out).not.toContain('alpine');
  });

  it('adds no CMD to an image without one', () => {
    const out = optimize(df('FROM python:3.11', 'COPY x.py /x.py'), ctx()).text;
    expect(out).not.toMatch(/CMD|ENTRYPOINT/);
  });

  it('WH029 keeps the owner of the folder itself and of earlier copies into it', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'WORKDIR /app',
      'COPY package.json ./',
      'COPY . .',
      'RUN chown -R app:app /app',
    );
    const out = onlyFix('WH029', text);
    expect(out).toContain('COPY --chown=app:app package.json ./');
    expect(out).toContain('COPY --chown=app:app . .');
    expect(out).toContain('RUN chown app:app /app');
    expect(out).not.toContain('chown -R');
    // A file target needs nothing more than the flag.
    const file = onlyFix(
      'WH029',
      df('FROM debian:bookworm-slim', 'COPY app.jar /app.jar', 'RUN chown -R app /app.jar'),
    );
    expect(file).toContain('COPY --chown=app app.jar /app.jar');
    expect(file).not.toContain('RUN');
  });

  it('WH029 holds back when an earlier RUN wrote into the folder (node_modules would stay root-owned)', () => {
    const text = df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN chown -R node:node /app',
    );
    const res = optimize(text, ctx(['package.json', 'package-lock.json']));
    expect(res.findings.find((f) => f.ruleId === 'WH029')?.risk).toMatch(/Line 4 writes into \/app/);
    expect(onlyFix('WH029', text)).toContain('RUN chown -R node:node /app');
  });

  it('WH029 holds back when the chown\u2019s own RUN creates the user (COPY --chown could not name it yet)', () => {
    const cases: [string, string][] = [
      ['RUN useradd -m appuser && chown -R appuser /app', 'appuser'],
      ['RUN groupadd -r web && useradd -r -g web web && chown -R web:web /app', 'web:web'],
      ['RUN adduser --system --group svc && chown -R svc /app', 'svc'],
      ['RUN addgroup -S g && adduser -S -G g u && chown -R u:g /app', 'u:g'],
    ];
    for (const [run, owner] of cases) {
      const text = df('FROM python:3.11-slim', 'WORKDIR /app', 'COPY . .', run, 'USER nobody');
      const res = optimize(text, ctx(['app.py']));
      const wh029 = res.findings.find((f) => f.ruleId === 'WH029');
      expect(wh029?.risk, run).toMatch(new RegExp(`creates ${owner} in the same step`));
      expect(res.text, run).not.toMatch(/COPY --chown/);
      expect(res.text).toContain(run);
    }
    // A numeric owner needs no passwd entry: the fix still applies.
    const numeric = df(
      'FROM python:3.11-slim',
      'WORKDIR /app',
      'COPY . .',
      'RUN useradd -u 1000 a && chown -R 1000:1000 /app',
    );
    expect(optimize(numeric, ctx(['app.py'])).text).toContain('COPY --chown=1000:1000 . .');
  });

  it('WH029 holds back when the fix would leave files with root as owner', () => {
    const risk = (...lines: string[]) =>
      optimize(df(...lines), ctx()).findings.find((f) => f.ruleId === 'WH029')?.risk ?? '';
    // A copy above the useradd cannot name the user.
    expect(
      risk(
        'FROM debian:bookworm-slim',
        'COPY config.yaml /app/config.yaml',
        'RUN groupadd -r app && useradd -r -g app app',
        'COPY . /app/',
        'RUN chown -R app:app /app',
      ),
    ).toMatch(/Line 2 copies into \/app before line 3 creates the user/);
    // `COPY . /app` (no slash, no WORKDIR) is a folder too: the mkdir before it keeps its owner otherwise.
    expect(
      risk('FROM node:20-slim', 'RUN mkdir -p /app/uploads', 'COPY . /app', 'RUN chown -R node:node /app'),
    ).toMatch(/Line 2 writes into \/app/);
    // The first copy may hold config/ files as well.
    expect(
      risk(
        'FROM debian:bookworm-slim',
        'WORKDIR /app',
        'COPY . .',
        'COPY config.prod/ config/',
        'RUN chown -R app config',
      ),
    ).toMatch(/Line 3 copies a folder/);
  });

  it('WH029 still fixes when the RUNs before the COPY only install packages or create the user', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'WORKDIR /app',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
      'RUN groupadd -r app && useradd -r -g app app',
      'COPY . .',
      'RUN chown -R app:app /app',
    );
    const out = onlyFix('WH029', text);
    expect(out).toContain('COPY --chown=app:app . .');
    expect(out).not.toContain('chown -R');
  });

  it('WH029 fixes chown and chmod of the same files without writing the COPY twice', () => {
    const text = df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY . .',
      'RUN chown -R node:node /app && chmod -R 755 /app',
    );
    const out = onlyFix('WH029', text, ctx(), { buildkit: true });
    expect(out.match(/^COPY /gm)).toHaveLength(1);
    expect(out.match(/^RUN /gm)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(out).toContain('--chown=node:node');
    expect(out).toContain('--chmod=755');
  });

  it('uses COPY --chmod only for BuildKit', () => {
    const text = df('FROM debian:bookworm-slim', 'COPY run.sh /run.sh', 'RUN chmod -R 755 /run.sh');
    expect(onlyFix('WH029', text)).not.toContain('--chmod');
    expect(onlyFix('WH029', text, ctx(), { buildkit: true })).toContain('COPY --chmod=755 run.sh /run.sh');
  });
});

/** Cases a review of realistic Dockerfiles found broken: each output must still build and run. */
describe('safety on realistic Dockerfiles', () => {
  it('WH034 leaves Python alone where bytecode cannot reach the image or is already off', () => {
    const quiet = [
      // Builder stage: its layers never ship.
      df(
        'FROM python:3.11 AS build',
        'RUN python -m compileall .',
        'FROM python:3.11-slim',
        'CMD ["python"]',
      ),
      // Not root: it cannot write to the interpreter's folders.
      df('FROM python:3.11-slim', 'USER app', 'RUN python manage.py migrate'),
      // Turned off for the whole stage.
      df('FROM python:3.11-slim', 'ENV PYTHONDONTWRITEBYTECODE=1', 'RUN python manage.py migrate'),
      // sudo/env would drop or already set the environment; the program is not Python.
      df('FROM python:3.11-slim', 'RUN env FOO=1 python manage.py migrate'),
      df('FROM python:3.11-slim', 'RUN echo hi | tee /x && pythonic --version'),
      // setup.py install would skip byte-compiling what it installs; Windows shells have no `VAR=1 cmd`.
      df('FROM python:3.11-slim', 'RUN python setup.py install'),
      df('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN python manage.py migrate'),
    ];
    for (const text of quiet) expect(ruleIdsOf(text, ctx([]))).not.toContain('WH034');
  });

  it('WH034 prefixes only the Python commands of a RUN and keeps other variables', () => {
    const text = df(
      'FROM python:3.11-slim',
      'RUN apt-get update && FOO=1 pip3 install ./pkg && /usr/bin/python3 x.py',
    );
    const out = onlyFix('WH034', text, ctx([]));
    expect(out).toContain('RUN apt-get update &&');
    expect(out).toContain('PYTHONDONTWRITEBYTECODE=1 FOO=1 pip3 install ./pkg &&');
    expect(out).toContain('PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 x.py');
    expect(out.match(/PYTHONDONTWRITEBYTECODE/g)).toHaveLength(2);
  });

  it('keeps sources in place when the install RUN also builds (npm install && npm run build)', () => {
    const text = df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm install && npm run build',
      'CMD ["node", "dist/index.js"]',
    );
    expect(ruleIdsOf(text, ctx(['package.json', 'package-lock.json']))).not.toContain('WH033');
  });

  it('prints valueless flags as flags (COPY --link)', () => {
    const text = df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY --link . .',
      'RUN npm ci',
      'CMD ["node", "index.js"]',
    );
    const out = onlyFix('WH033', text, ctx(['package.json', 'package-lock.json']));
    expect(out).toContain('COPY --link package.json package-lock.json ./');
    expect(out).not.toContain('=null');
  });

  it('keeps the apt lists while a later RUN still installs without its own update', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y curl',
      'COPY x /x',
      'RUN apt-get install -y jq',
      'CMD ["jq"]',
    );
    const out = onlyFix('WH022', text);
    expect(out.split('\n')[1]).not.toContain('rm -rf /var/lib/apt/lists');
    const finding = optimize(text, ctx(), { disabled: ['WH050'] }).findings.find(
      (f) => f.ruleId === 'WH022' && f.line === 2,
    );
    expect(finding?.risk).toMatch(/later RUN/);
  });

  it('leaves compound shell, comments inside a RUN, and non-POSIX shells alone', () => {
    const caseRun = df(
      'FROM debian:bookworm-slim',
      'RUN case "$(uname -m)" in x86_64) A=amd64;; *) A=arm64;; esac; echo $A',
      'RUN echo two',
      'CMD ["true"]',
    );
    expect(optimize(caseRun, ctx()).text).toContain('x86_64) A=amd64;; *) A=arm64;; esac; echo $A');
    const commented = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && \\',
      '    # the client',
      '    apt-get install -y curl',
      'CMD ["curl"]',
    );
    expect(optimize(commented, ctx()).text).toContain('# the client');
    const pwsh = df(
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'SHELL ["powershell", "-Command"]',
      'RUN Write-Host one',
      'RUN Write-Host two',
      'CMD ["cmd"]',
    );
    expect(optimize(pwsh, ctx()).text).not.toContain('&&');
  });

  it('reads a blank line inside a continuation as Docker does', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y \\',
      '    curl \\',
      '',
      '    less',
      'CMD ["bash"]',
    );
    expect(ruleIdsOf(text)).toContain('WH021');
    expect(optimize(text, ctx()).text).toMatch(
      /install --no-install-recommends -y curl less ca-certificates/,
    );
  });

  it('keeps blanks inside quotes when a RUN is rewritten', () => {
    const out = onlyFix(
      'WH021',
      df('FROM debian:bookworm-slim', `RUN apt-get install -y jq && printf 'a:\\n    b' > /x`, 'CMD ["jq"]'),
    );
    expect(out).toContain(`printf 'a:\\n    b' > /x`);
  });

  it('keeps HTTPS working when dropping recommends for curl, wget or git', () => {
    const out = onlyFix(
      'WH021',
      df('FROM debian:bookworm-slim', 'RUN apt-get install -y git', 'CMD ["git"]'),
    );
    expect(out).toContain('apt-get install --no-install-recommends -y git ca-certificates');
  });

  it('leaves root to entrypoints that drop privileges themselves', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'COPY docker-entrypoint.sh /usr/local/bin/',
      'ENTRYPOINT ["docker-entrypoint.sh"]',
      'CMD ["postgres"]',
    );
    expect(optimize(text, ctx()).findings.find((f) => f.ruleId === 'WH050')?.risk).toMatch(/privileges/);
    expect(optimize(text, ctx()).text).not.toContain('USER');
  });

  it('switches USER only after the last build step, even with an early HEALTHCHECK', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'HEALTHCHECK CMD ["true"]',
      'RUN mkdir /data',
      'CMD ["sleep", "inf"]',
    );
    const out = onlyFix('WH050', text).split('\n');
    expect(out.indexOf('USER app')).toBeGreaterThan(out.indexOf('RUN mkdir /data'));
  });

  it('does not call pip on a slim base a shipped toolchain, nor flag BuildKit cache mounts', () => {
    const slim = df(
      'FROM python:3.12-slim',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'CMD ["python"]',
    );
    expect(ruleIdsOf(slim, ctx(['requirements.txt']))).not.toContain('WH010');
    const cached = df(
      'FROM python:3.12-slim',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
      'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends libpq5',
      'CMD ["python"]',
    );
    const ids = ruleIdsOf(cached, ctx(['requirements.txt']));
    expect(ids).not.toContain('WH023');
    expect(ids).not.toContain('WH022');
  });

  it('runs a Java jar on the JRE of its JDK, not of its build tool', () => {
    const text = df(
      'FROM gradle:8.5-jdk17',
      'WORKDIR /src',
      'COPY . .',
      'RUN gradle bootJar && cp build/libs/*.jar app.jar',
      'CMD ["java", "-jar", "/src/app.jar"]',
    );
    // WH010 alone runs it on the JRE of the JDK's major; WH014 then links a runtime from that JDK,
    // whose build stops unless it is that major.
    expect(optimize(text, ctx(['build.gradle']), { disabled: ['WH014'] }).text).toContain(
      'FROM eclipse-temurin:17-jre',
    );
    expect(optimize(text, ctx(['build.gradle'])).text).toContain('if [ "$major" != 17 ]');
  });

  it('keeps run-time files of a Go service and holds back on cgo', () => {
    const assets = df(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY go.mod main.go ./',
      'COPY templates ./templates',
      'RUN go build -o /app/server .',
      'CMD ["/app/server"]',
    );
    const runtime = optimize(assets, {
      ...ctx(['go.mod', 'main.go', 'templates/index.html']),
      manifests: { 'go.mod': 'module x\n\ngo 1.22\n' },
      cgo: false,
    }).text.split(/^FROM /m)[2]!;
    expect(runtime).toMatch(/^COPY (--chown=65532:65532 )?templates \.\/templates$/m);
    const cgo = df(
      'FROM golang:1.22',
      'RUN apt-get update && apt-get install -y libsqlite3-dev',
      'COPY . .',
      'RUN go build -o /app/server .',
      'CMD ["/app/server"]',
    );
    expect(
      optimize(cgo, {
        ...ctx(['go.mod']),
        manifests: { 'go.mod': 'module x\n\ngo 1.22\n' },
        cgo: false,
      }).findings.find((f) => f.ruleId === 'WH010')?.risk,
    ).toMatch(/cgo/);
  });

  it('holds back a Python split when a -dev package has no known runtime library', () => {
    const text = df(
      'FROM python:3.11',
      'RUN apt-get update && apt-get install -y libldap2-dev',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'CMD ["python"]',
    );
    expect(
      optimize(text, ctx(['requirements.txt'])).findings.find((f) => f.ruleId === 'WH010')?.risk,
    ).toMatch(/libldap2-dev/);
  });

  it('holds back the Python split for poetry and other installers', () => {
    const text = df(
      'FROM python:3.11',
      'RUN pip install poetry',
      'COPY pyproject.toml poetry.lock ./',
      'RUN poetry install --no-root',
      'CMD ["python"]',
    );
    const res = optimize(text, ctx(['pyproject.toml', 'poetry.lock']));
    expect(res.findings.find((f) => f.ruleId === 'WH010')?.risk).toMatch(/poetry/);
    expect(res.text).not.toContain('AS builder');
  });

  it('keeps a build-arg base image in the builder', () => {
    const text = df(
      'ARG PY=3.12',
      'FROM python:${PY}',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'CMD ["python"]',
    );
    expect(optimize(text, ctx(['requirements.txt'])).text).toContain('FROM python:${PY} AS builder');
  });

  it('uses npm ci only when the lockfile reaches the image', () => {
    const text = df(
      'FROM node:20-slim',
      'COPY package.json ./',
      'RUN npm install',
      'COPY . .',
      'CMD ["node", "index.js"]',
    );
    expect(optimize(text, ctx(['package.json', 'package-lock.json'])).text).not.toContain('npm ci');
    const globbed = text.replace('COPY package.json ./', 'COPY package*.json ./');
    expect(optimize(globbed, ctx(['package.json', 'package-lock.json'])).text).toContain('npm ci');
  });
});

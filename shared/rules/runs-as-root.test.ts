import { describe, expect, it } from 'vitest';
import { optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';

/** WH050's finding and the optimized text. */
function wh050(text: string, files: string[] = []) {
  const res = optimize(text, ctx(files));
  return { finding: res.findings.find((f) => f.ruleId === 'WH050'), text: res.text };
}

/** Asserts WH050 is reported, held back with a risk matching `reason`, and no USER is added. */
function heldBack(text: string, reason: RegExp, files: string[] = []) {
  const { finding, text: out } = wh050(text, files);
  expect(finding, 'WH050 is reported').toBeDefined();
  expect(finding!.fixed).toBe(false);
  expect(finding!.risk).toMatch(reason);
  expect(out).not.toMatch(/^USER /m);
}

describe('WH050 holds back adding a user to a system daemon', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'apt nginx on debian, EXPOSE 8080',
      [
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y nginx',
        'EXPOSE 8080',
        'CMD ["nginx","-g","daemon off;"]',
      ],
      /nginx/,
    ],
    [
      'apk nginx on alpine, shell-form CMD',
      ['FROM alpine:3.19', 'RUN apk add --no-cache nginx', 'EXPOSE 8080', "CMD nginx -g 'daemon off;'"],
      /nginx/,
    ],
    [
      'yum httpd by full path',
      [
        'FROM rockylinux:9',
        'RUN yum install -y httpd && yum clean all',
        'EXPOSE 8080',
        'CMD ["/usr/sbin/httpd", "-DFOREGROUND"]',
      ],
      /httpd/,
    ],
    [
      'supervisord installed as supervisor',
      [
        'FROM python:3.11-slim',
        'RUN apt-get update && apt-get install -y --no-install-recommends supervisor && rm -rf /var/lib/apt/lists/*',
        'COPY supervisord.conf /etc/supervisor/conf.d/app.conf',
        'CMD ["/usr/bin/supervisord", "-n"]',
      ],
      /supervisord/,
    ],
    [
      'postgres via sh -c',
      [
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y postgresql',
        'CMD ["sh", "-c", "exec pg_ctlcluster 15 main start --foreground"]',
      ],
      /pg_ctlcluster/,
    ],
    [
      'redis-server from a RUN heredoc',
      [
        'FROM debian:bookworm-slim',
        'RUN <<EOF',
        'apt-get update',
        'apt-get install -y redis-server',
        'EOF',
        'CMD ["redis-server"]',
      ],
      /redis-server/,
    ],
    [
      'cron behind tini',
      [
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y cron',
        'ENTRYPOINT ["tini", "--"]',
        'CMD ["cron", "-f"]',
      ],
      /cron/,
    ],
    [
      'php-fpm on its official image',
      ['FROM php:8.2-fpm', 'COPY . /var/www/html', 'EXPOSE 9000'],
      /php:8\.2-fpm/,
    ],
    [
      'the official nginx image serving files',
      ['FROM nginx:1.25', 'COPY site/ /usr/share/nginx/html/', 'EXPOSE 8080'],
      /nginx/,
    ],
    [
      'the official postgres image',
      ['FROM postgres:16', 'COPY init.sql /docker-entrypoint-initdb.d/'],
      /postgres/,
    ],
  ];
  for (const [name, lines, reason] of cases) it(name, () => heldBack(df(...lines), reason));

  it('still adds a user to an interpreter from OS packages, and reads a database URL as no bind', () => {
    const { finding } = wh050(
      df(
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y python3',
        'ENV DATABASE_URL=postgres://db:80/app',
        'COPY app.py /srv/app.py',
        'CMD ["python3", "/srv/app.py"]',
      ),
    );
    expect(finding?.fixed).toBe(true);
  });

  it('still adds a user to a plain program installed from a stand-alone binary', () => {
    const { finding, text } = wh050(
      df(
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y curl',
        'COPY app /usr/local/bin/app',
        'CMD ["app"]',
      ),
    );
    expect(finding?.fixed).toBe(true);
    expect(text).toContain('USER app');
  });
});

describe('WH050 holds back when the app binds a port below 1024', () => {
  const cases: [string, string[]][] = [
    [
      'gunicorn on port 80 by ENV',
      ['FROM python:3.11-slim', 'COPY . /app', 'ENV PORT=80', 'CMD gunicorn -b 0.0.0.0:$PORT app:app'],
    ],
    [
      'ENV PORT in the space form',
      ['FROM python:3.11-slim', 'COPY . /app', 'ENV PORT 80', 'CMD ["python", "/app/app.py"]'],
    ],
    [
      'uvicorn --port 443',
      [
        'FROM python:3.11-slim',
        'COPY . /app',
        'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "443"]',
      ],
    ],
    ['uvicorn --port=80', ['FROM python:3.11-slim', 'COPY . /app', 'CMD uvicorn main:app --port=80']],
    ['gunicorn -b :80', ['FROM python:3.11-slim', 'COPY . /app', 'CMD ["gunicorn", "-b", ":80", "app:app"]']],
    [
      'a ${PORT:-80} default',
      ['FROM python:3.11-slim', 'COPY . /app', 'CMD ["sh", "-c", "uvicorn main:app --port ${PORT:-80}"]'],
    ],
    [
      'ASPNETCORE_URLS on +:80',
      [
        'FROM debian:bookworm-slim',
        'COPY app /app',
        'ENV ASPNETCORE_URLS=http://+:80',
        'CMD ["/app/server"]',
      ],
    ],
    [
      'EXPOSE 443/tcp',
      ['FROM python:3.11-slim', 'COPY . /app', 'EXPOSE 443/tcp', 'CMD ["python", "/app/app.py"]'],
    ],
    [
      'python -m http.server 80',
      ['FROM python:3.11-slim', 'COPY site /srv', 'CMD ["python", "-m", "http.server", "80"]'],
    ],
    [
      'a spring --server.port=80',
      [
        'FROM eclipse-temurin:17-jre',
        'COPY app.jar /app.jar',
        'CMD ["java", "-jar", "/app.jar", "--server.port=80"]',
      ],
    ],
  ];
  for (const [name, lines] of cases) it(name, () => heldBack(df(...lines), /port \d+.*1024/));

  it('leaves high ports and PATH-like values alone', () => {
    const { finding } = wh050(
      df(
        'FROM python:3.11-slim',
        'COPY app.py /app.py',
        'ENV PATH=/opt/venv/bin:$PATH PORT=8080',
        'CMD ["gunicorn", "-b", "0.0.0.0:8080", "app:app"]',
      ),
    );
    expect(finding?.fixed).toBe(true);
  });
});

describe('WH050 holds back when the app runs what root installed in its home', () => {
  const cases: [string, string[]][] = [
    [
      'pip install --user',
      [
        'FROM python:3.11-slim',
        'COPY requirements.txt .',
        'RUN pip install --user -r requirements.txt',
        'COPY app.py .',
        'CMD ["python", "app.py"]',
      ],
    ],
    [
      'COPY --from a builder into /root/.local',
      [
        'FROM python:3.11 AS build',
        'RUN pip install --user flask',
        'FROM python:3.11-slim',
        'COPY --from=build /root/.local /root/.local',
        'ENV PATH=/root/.local/bin:$PATH',
        'COPY app.py /srv/app.py',
        'CMD ["python", "/srv/app.py"]',
      ],
    ],
    [
      'npm -g with a prefix under /root',
      [
        'FROM node:20-slim',
        'RUN npm install -g --prefix /root/.npm-global serve',
        'CMD ["/root/.npm-global/bin/serve"]',
      ],
    ],
    ['a ~ path', ['FROM debian:bookworm-slim', 'COPY tool ~/bin/tool', 'CMD ["sh", "-c", "~/bin/tool"]']],
    [
      'WORKDIR /root',
      ['FROM python:3.11-slim', 'WORKDIR /root', 'COPY app.py .', 'CMD ["python", "app.py"]'],
    ],
    [
      'uv from its installer script',
      [
        'FROM debian:bookworm-slim',
        'RUN curl -LsSf https://astral.sh/uv/install.sh | sh',
        'COPY app.py /srv/',
        'CMD ["/srv/app.py"]',
      ],
    ],
    [
      'poetry with its own virtualenv',
      [
        'FROM python:3.11-slim',
        'COPY . /srv',
        'RUN pip install poetry && cd /srv && poetry install',
        'CMD ["python", "/srv/app.py"]',
      ],
    ],
  ];
  for (const [name, lines] of cases) it(name, () => heldBack(df(...lines), /\/root/));

  it('does not count cleaning root\u2019s cache as using it', () => {
    const { finding } = wh050(
      df(
        'FROM python:3.11-slim',
        'RUN pip install flask && rm -rf /root/.cache',
        'COPY app.py /srv/app.py',
        'CMD ["python", "/srv/app.py"]',
      ),
    );
    expect(finding?.fixed).toBe(true);
  });
});

describe('WH050 holds back when the app writes where a new user could not', () => {
  const cases: [string, string[], RegExp, string[]?][] = [
    [
      'a VOLUME /data not handed over',
      ['FROM debian:bookworm-slim', 'COPY app /usr/local/bin/app', 'VOLUME /data', 'CMD ["app"]'],
      /VOLUME \/data/,
    ],
    [
      'manage.py migrate at start',
      [
        'FROM python:3.11-slim',
        'WORKDIR /app',
        'COPY . .',
        'CMD ["sh", "-c", "python manage.py migrate && gunicorn site.wsgi"]',
      ],
      /migrate.*\/app/,
    ],
    [
      'an SQLite database in ENV',
      [
        'FROM python:3.11-slim',
        'WORKDIR /app',
        'COPY . .',
        'ENV DATABASE_URL=sqlite:///app.db',
        'CMD ["python", "app.py"]',
      ],
      /SQLite/,
    ],
    [
      'an SQLite file the project ships, copied to a folder outside the WORKDIR',
      ['FROM python:3.11-slim', 'WORKDIR /app', 'COPY . /srv/site', 'CMD ["python", "/srv/site/app.py"]'],
      /SQLite.*\/app/,
      ['app.py', 'data.sqlite3'],
    ],
    [
      'a start script Whittle cannot read',
      ['FROM python:3.11-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["./start.sh"]'],
      /start\.sh/,
    ],
    [
      'a shell redirect into a relative log file',
      ['FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'CMD node server.js >> app.log 2>&1'],
      /relative file/,
    ],
    [
      'a Laravel app',
      ['FROM php:8.2-cli', 'WORKDIR /var/www', 'COPY . .', 'CMD ["php", "artisan", "serve", "--port=8000"]'],
      /Laravel/,
      ['artisan', 'composer.json'],
    ],
    ['next start', ['FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["npx", "next", "start"]'], /next/],
    [
      'npm install at start',
      ['FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'CMD npm install && node server.js'],
      /installs/,
    ],
  ];
  for (const [name, lines, reason, files] of cases) it(name, () => heldBack(df(...lines), reason, files));

  it('adds the user when the written folder is one it hands over', () => {
    const { finding, text } = wh050(
      df(
        'FROM python:3.11-slim',
        'RUN mkdir -p /app',
        'WORKDIR /app',
        'COPY . .',
        'CMD ["sh", "-c", "python manage.py migrate && gunicorn site.wsgi"]',
      ),
    );
    expect(finding?.fixed).toBe(true);
    expect(text).toMatch(/chown -R app:app \/app\nUSER app/);
  });
});

describe('WH050 leaves root to entrypoints that drop privileges', () => {
  const cases: [string, string[]][] = [
    [
      'exec gosu in a COPY heredoc script',
      [
        'FROM debian:bookworm-slim',
        'COPY <<EOF /usr/local/bin/start',
        '#!/bin/sh',
        'chown -R app /data',
        'exec gosu app "$@"',
        'EOF',
        'ENTRYPOINT ["start"]',
        'CMD ["app"]',
      ],
    ],
    [
      'gosu copied from its image',
      [
        'FROM debian:bookworm-slim',
        'COPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/',
        'COPY run /run-app',
        'ENTRYPOINT ["/run-app"]',
      ],
    ],
    [
      'setpriv in a RUN-written script',
      [
        'FROM debian:bookworm-slim',
        'RUN printf \'#!/bin/sh\\nexec setpriv --reuid=1000 --regid=1000 --clear-groups "$@"\\n\' > /go && chmod +x /go',
        'ENTRYPOINT ["/go"]',
        'CMD ["app"]',
      ],
    ],
    [
      'runuser in the ENTRYPOINT',
      [
        'FROM debian:bookworm-slim',
        'COPY app /usr/local/bin/app',
        'ENTRYPOINT ["runuser", "-u", "daemon", "--", "app"]',
      ],
    ],
  ];
  for (const [name, lines] of cases) it(name, () => heldBack(df(...lines), /privileges/));
});

describe('WH050 keeps a user the Dockerfile already has', () => {
  it('switches to it even for a start Whittle would not add a user to', () => {
    const { finding, text } = wh050(
      df(
        'FROM python:3.11-slim',
        'RUN useradd app',
        'WORKDIR /app',
        'COPY --chown=app . .',
        'CMD ["sh", "-c", "python manage.py migrate && gunicorn site.wsgi"]',
      ),
    );
    expect(finding?.fixed).toBe(true);
    expect(text).toContain('USER app');
  });
});

describe('WH050: the working directory goes to the user Whittle switches to', () => {
  it.each([
    ['node (the image user)', 'FROM node:20-slim', 'node:node'],
    ['an added system user', 'FROM python:3.11-slim', 'app:app'],
  ])(
    '%s: the app can create files in its WORKDIR, without a chown -R that stores every file twice',
    (_what, from, owner) => {
      const text = df(from, 'WORKDIR /srv/app', 'COPY . .', 'EXPOSE 3000', 'CMD ["./start"]');
      const out = optimize(text, ctx(['start'])).text;
      expect(out).toMatch(new RegExp(`chown ${owner} /srv/app\\n`));
      expect(out).not.toMatch(/chown -R \S+ \/srv\/app\b/);
      expect(optimize(out, ctx(['start'])).text).toBe(out);
    },
  );

  it('a WORKDIR named by a variable is left alone (its value is not known here)', () => {
    const text = df(
      'FROM python:3.11-slim',
      'ARG APP_HOME=/opt/app',
      'WORKDIR $APP_HOME',
      'COPY . .',
      'CMD ["./start"]',
    );
    const out = optimize(text, ctx(['start'])).text;
    expect(out).toMatch(/^USER app$/m);
    expect(out).not.toMatch(/chown app:app \S*\$/);
  });

  it('no WORKDIR (/) is never chowned', () => {
    const out = optimize(df('FROM node:20-slim', 'COPY x /x', 'CMD ["node", "/x"]'), ctx(['x'])).text;
    expect(out).toMatch(/^USER node$/m);
    expect(out).not.toMatch(/chown node:node \/\s/);
  });
});

describe('WH050: what the build context copies into the WORKDIR goes to a user Whittle adds', () => {
  /** The optimized text, checked idempotent. */
  const out = (lines: string[], files: string[] = ['start', 'uploads/.gitkeep']) => {
    const text = optimize(df(...lines), ctx(files)).text;
    expect(optimize(text, ctx(files)).text).toBe(text);
    return text;
  };

  it.each([
    [
      'an added system user, by number (the COPY runs before useradd)',
      'FROM python:3.11-slim',
      '10001:10001',
    ],
    ['node, the image user', 'FROM node:20-slim', 'node:node'],
    ['a debian base', 'FROM debian:bookworm-slim', '10001:10001'],
  ])('%s: uploads/ and a SQLite file the repo ships stay writable', (_what, from, owner) => {
    const text = out([
      from,
      'WORKDIR /app',
      'COPY . .',
      'COPY config/ ./config/',
      'EXPOSE 3000',
      'CMD ["./start"]',
    ]);
    expect(text).toContain(`COPY --chown=${owner} . .`);
    expect(text).toContain(`COPY --chown=${owner} config/ ./config/`);
  });

  it.each([
    ['an SQLite file', ['app.py', 'data.sqlite3']],
    ['an uploads/ folder', ['app.py', 'uploads/.gitkeep']],
    ["Flask's instance/ folder", ['app.py', 'instance/config.py']],
  ])('the repository ships %s: no longer a reason to hold back, as it is the user\u2019s', (_w, files) => {
    const text = out(
      ['FROM python:3.11-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["python", "app.py"]'],
      files,
    );
    expect(text).toContain('COPY --chown=10001:10001 . .');
    expect(text).toMatch(/^USER app$/m);
  });

  it('a Node split: the app folder copied from the builder is the node user\u2019s, uploads/ included', () => {
    const text = out(
      [
        'FROM node:20',
        'WORKDIR /usr/src/app',
        'COPY package*.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build',
        'EXPOSE 3000',
        'CMD ["node", "dist/index.js"]',
      ],
      ['package.json', 'package-lock.json', 'src/index.ts', 'uploads/.gitkeep'],
    );
    expect(text).toMatch(/^COPY --from=builder --chown=(node:node|65532:65532) \/usr\/src\/app\/?\S* \S+$/m);
  });

  it('a copy below the WORKDIR, in exec form and across continuation lines, is handed over too', () => {
    const text = out([
      'FROM python:3.11-slim',
      'WORKDIR /home/site',
      'COPY ["static", "/home/site/app/static"]',
      'COPY app.py \\',
      '     wsgi.py ./',
      'CMD ["./start"]',
    ]);
    expect(text).toContain('COPY --chown=10001:10001 ["static", "/home/site/app/static"]');
    expect(text).toMatch(/COPY --chown=10001:10001 app\.py \\\n\s+wsgi\.py \.\//);
  });

  it('leaves root-owned what the app only reads: images, URLs, system folders, its own --chown', () => {
    const text = out([
      'FROM python:3.11-slim AS base',
      'FROM python:3.11-slim',
      'WORKDIR /app',
      'COPY --from=base /usr/local/lib /usr/local/lib',
      'COPY --from=nginx:1.27 /etc/nginx/mime.types ./mime.types',
      'COPY --from=base /etc/hostname ./hostname',
      'COPY --from=base /srv /app',
      'ADD https://example.com/x.tar.gz ./x.tar.gz',
      'COPY nginx.conf /etc/nginx/nginx.conf',
      'COPY . .',
      'CMD ["./start"]',
    ]);
    expect(text).toContain('COPY --from=base /usr/local/lib /usr/local/lib');
    expect(text).toContain('COPY --from=nginx:1.27 /etc/nginx/mime.types ./mime.types');
    // From a stage of this Dockerfile: a file below the WORKDIR is only read; the app folder as a whole is the user's.
    expect(text).toContain('COPY --from=base /etc/hostname ./hostname');
    expect(text).toContain('COPY --from=base --chown=10001:10001 /srv /app');
    expect(text).toContain('ADD https://example.com/x.tar.gz ./x.tar.gz');
    expect(text).toContain('COPY nginx.conf /etc/nginx/nginx.conf');
    expect(text).toContain('COPY --chown=10001:10001 . .');
  });

  it('no copy is chowned when the WORKDIR is / or a system folder, or when the user is kept, not added', () => {
    expect(out(['FROM python:3.11-slim', 'COPY . .', 'CMD ["./start"]'])).toContain('\nCOPY . .\n');
    expect(out(['FROM python:3.11-slim', 'WORKDIR /usr', 'COPY . .', 'CMD ["./start"]'])).toContain(
      '\nCOPY . .\n',
    );
    const kept = out([
      'FROM python:3.11-slim',
      'RUN useradd -m web',
      'WORKDIR /app',
      'COPY . .',
      'CMD ["./start"]',
    ]);
    expect(kept).toContain('\nCOPY . .\n');
    expect(kept).toMatch(/^USER web$/m);
  });
});

describe('WH050 on alpine: BusyBox adduser (no useradd there)', () => {
  it.each([['python:3.11-alpine'], ['alpine:3.19'], ['ruby:3.3-alpine']])(
    '%s gets a system user from addgroup/adduser, and its copies',
    (from) => {
      const text = df(`FROM ${from}`, 'WORKDIR /app', 'COPY . .', 'CMD ["./start"]');
      const out = optimize(text, ctx(['start'])).text;
      expect(out).toContain(
        'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app && \\\n    chown app:app /app',
      );
      expect(out).toContain('COPY --chown=10001:10001 . .');
      expect(out).toMatch(/^USER app$/m);
      expect(out).not.toContain('useradd');
      expect(optimize(out, ctx(['start'])).text).toBe(out);
    },
  );

  it('node:20-alpine keeps using its node user', () => {
    const out = optimize(
      df('FROM node:20-alpine', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "s.js"]'),
      ctx(['s.js']),
    ).text;
    expect(out).toMatch(/^USER node$/m);
    expect(out).not.toContain('adduser');
  });

  it('an unknown non-alpine base still holds back, naming why', () => {
    const { finding } = wh050(df('FROM archlinux:latest', 'CMD ["./start"]'), ['start']);
    expect(finding!.fixed).toBe(false);
    expect(finding!.risk).toMatch(/does not know which tools/);
  });
});

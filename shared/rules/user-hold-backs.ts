/**
 * Reasons a non-root USER would break the final stage, read from what the Dockerfile shows.
 * Each returns the risk sentence (the finding's `risk`) or null. WH050 asks them before it adds a
 * user; the port and privilege-drop checks also apply to a user the Dockerfile already has.
 */
import type { ProjectContext } from '../api/contract';
import type { Instruction, Stage } from '../dockerfile/model';
import { startCommand } from './start-command';
import { resolvePath, workdirAt } from './stage-facts';

/**
 * Programs that run as system daemons and expect root: they write pid files, sockets, logs and
 * temp files under /var and /run (nginx: /var/lib/nginx/body, /run/nginx.pid), switch users
 * themselves, or bind privileged ports by default. Names from Debian, Alpine and Fedora packages.
 */
const DAEMONS =
  /^(nginx|openresty|apache2|apache2ctl|apachectl|httpd|lighttpd|caddy|haproxy|traefik|varnishd|squid|postgres|postmaster|pg_ctl|pg_ctlcluster|mysqld|mysqld_safe|mariadbd|mariadbd-safe|mongod|redis-server|memcached|rabbitmq-server|php-fpm[\d.]*|supervisord|cron|crond|sshd|named|dnsmasq|vsftpd|proftpd|postfix|dovecot|exim4?|rsyslogd|syslog-ng|service|systemctl|init|catalina\.sh|openvpn|smbd|slapd|unbound|influxd|mosquitto)$/;

/**
 * Official images whose default process is such a daemon (and whose entrypoints often switch
 * users themselves): Docker Hub library repositories. PHP only in its fpm and apache variants.
 */
const DAEMON_IMAGES =
  /^(library\/)?(nginx|httpd|postgres|redis|mysql|mariadb|mongo|haproxy|tomcat|caddy|traefik|rabbitmq|memcached|wordpress|drupal|joomla|nextcloud|elasticsearch|influxdb|eclipse-mosquitto|bitnami\/nginx|ubuntu\/nginx|ubuntu\/apache2)$/;

/** `apt-get install`, `apk add`, `yum/dnf/microdnf/zypper install` package words in a RUN (heredoc bodies included). */
const OS_INSTALL =
  /\b(?:apt-get|apt|aptitude|apk|yum|dnf|microdnf|zypper)\s+(?:[-\w=]+\s+)*?(?:install|add)\s+([^&;|\n]*)/g;

/** OS packages the stage installs (names without version pins). */
export function osPackages(stage: Stage): string[] {
  const out: string[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') continue;
    for (const m of ins.args.matchAll(OS_INSTALL))
      for (const w of m[1]!.replace(/\\\s*/g, ' ').split(/\s+/))
        if (w && !w.startsWith('-') && !w.includes('$')) out.push(w.replace(/[=<>].*$/, ''));
  }
  return out;
}

/** Interpreters and command-line tools an OS package may provide that run fine as any user. */
const TOOLS =
  /^(python[\d.]*|node|nodejs|ruby[\d.]*|perl|php[\d.]*|java|bash|sh|dash|zsh|tini|dumb-init|curl|wget|jq|git|make|ffmpeg|chromium|firefox-esr|xvfb-run)$/;

/** Program names a package provides beyond its own name (Debian/Alpine/Fedora). */
const PROVIDES: [RegExp, RegExp][] = [
  [/^supervisor$/, /^supervisord$/],
  [/^openssh(-server)?$/, /^sshd$/],
  [/^(apache2|httpd)$/, /^(apache2ctl|apachectl|httpd|apache2)$/],
  [/^postgresql(-\d+)?$/, /^(postgres|pg_ctl|pg_ctlcluster)$/],
  [/^(redis|redis-server)$/, /^redis-server$/],
  [/^(mariadb-server|mysql-server|default-mysql-server)$/, /^(mysqld|mysqld_safe|mariadbd)$/],
  [/^cronie$/, /^crond$/],
  [/^php[\d.]*-fpm$/, /^php-fpm[\d.]*$/],
];

/** The daemon the final stage starts (by name, by package, or by base image), or null. */
export function daemonOf(stage: Stage): string | null {
  const { programs } = startCommand(stage);
  const pkgs = osPackages(stage);
  for (const p of programs) {
    if (DAEMONS.test(p)) return p;
    if (pkgs.includes(p) && !TOOLS.test(p)) return p;
    if (pkgs.some((k) => PROVIDES.some(([pk, prog]) => pk.test(k) && prog.test(p)))) return p;
  }
  const repo = stage.image.repository;
  if (DAEMON_IMAGES.test(repo)) return repo.replace(/^library\//, '');
  if (/^(library\/)?php$/.test(repo) && /(fpm|apache)/.test(stage.image.tag ?? ''))
    return `php:${stage.image.tag}`;
  return null;
}

/** A `${VAR:-80}` default or a plain number. */
const num = (s: string | undefined): number | null => {
  if (!s) return null;
  const m = /^\$\{\w+:?-(\d+)\}$/.exec(s) ?? /^(\d+)$/.exec(s);
  return m ? parseInt(m[1]!, 10) : null;
};
const PORT_VALUE = String.raw`(\$\{\w+:?-\d+\}|\d+)`;
/** `--port 80`, `-p=443`, `--server.port=80`, `-Dserver.port=80`, `listen 80`, `Listen 443`. */
const PORT_FLAG = new RegExp(
  String.raw`(?:--?(?:port|p|http-port|https-port|listen|server\.port|server-port)|-Dserver\.port|\blisten|\bListen)[= ]+["']?` +
    PORT_VALUE +
    String.raw`(?=$|[\s"';,])`,
  'g',
);
/** `0.0.0.0:80`, `:443`, `http://+:80`, `[::]:80`, `localhost:80` (host part optional; `1000:1000` ids are no host). */
const HOST_PORT = new RegExp(
  String.raw`(?:^|[\s"'=,/])(?:\d{1,3}(?:\.\d{1,3}){3}|[\w.-]*[A-Za-z][\w.-]*|\[[\w:.]*\]|\*|\+)?:` +
    PORT_VALUE +
    String.raw`(?=$|[\s"',/;])`,
  'g',
);

const privileged = (n: number | null): n is number => n !== null && n > 0 && n < 1024;

/** Ports below 1024 in a text (CMD arguments, ENV values, config lines a RUN writes). */
function lowPortsIn(text: string): number[] {
  const out: number[] = [];
  for (const re of [PORT_FLAG, HOST_PORT]) for (const m of text.matchAll(re)) out.push(num(m[1]) ?? 0);
  return out.filter(privileged);
}

/** The lowest privileged port the final stage binds, with where it was seen, or null. */
export function lowPort(stage: Stage): { port: number; where: string } | null {
  const found: { port: number; where: string }[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword === 'EXPOSE') {
      for (const w of ins.args.split(/\s+/)) {
        const n = num(w.replace(/[-/].*$/, ''));
        if (privileged(n)) found.push({ port: n, where: `EXPOSE ${w}` });
      }
    }
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
      for (const m of ins.args.matchAll(/(\w+)[= ]\s*["']?([^"'\s]+)/g)) {
        // `PORT=80`, or an address in a setting that binds (`ASPNETCORE_URLS=http://+:80`, `GUNICORN_CMD_ARGS=--bind=:80`).
        const n = /PORT$/i.test(m[1]!)
          ? num(m[2])
          : /(URLS|ADDR|ADDRESS|BIND|LISTEN|ARGS|OPTS|OPTIONS)$/i.test(m[1]!)
            ? (lowPortsIn(m[2]!)[0] ?? null)
            : null;
        if (privileged(n)) found.push({ port: n, where: `${ins.keyword} ${m[1]}` });
      }
    }
    if (ins.keyword === 'RUN') {
      // Server configs the Dockerfile writes (`echo 'listen 80;' > …`, `sed -i 's/8080/80/'` is not read).
      for (const m of ins.args.matchAll(/\b[Ll]isten\s+(?:[\w.[\]:*]*:)?(\d+)/g)) {
        const n = num(m[1]);
        if (privileged(n)) found.push({ port: n, where: `a server config this RUN writes (listen ${n})` });
      }
    }
  }
  const start = startCommand(stage);
  const served = /\bhttp\.server\s+(\d+)/.exec(start.text);
  for (const n of [...lowPortsIn(start.text), num(served?.[1])].filter(privileged))
    found.push({ port: n, where: 'the start command' });
  if (!found.length) return null;
  return found.reduce((a, b) => (b.port < a.port ? b : a));
}

/** A privilege drop (gosu, su-exec, setpriv, chroot --userspec…) the stage's start or its scripts perform. */
const DROP = /\b(gosu|su-exec|setpriv|chroot\s+--userspec|runuser|s6-setuidgid|chpst\s+-u|setuidgid)\b/;

/** True when the start drops privileges itself (so it must start as root). */
export function dropsPrivileges(stage: Stage): boolean {
  const start = startCommand(stage);
  if (DROP.test(start.text) || /\bentrypoint\.sh\b/.test(start.text)) return true;
  // The script is written or installed in the Dockerfile (COPY <<EOF, RUN printf …, apt-get install gosu).
  return stage.instructions.some((i) => ['RUN', 'COPY', 'ADD'].includes(i.keyword) && DROP.test(i.raw));
}

/**
 * Libraries and tools that download data into the home folder of whoever runs them (root, at
 * build time), unless a variable or an argument names another folder: the app, run as another
 * user, then finds nothing there (and cannot write its own home to fetch it again). Sources:
 * NLTK `nltk.data.path` (~/nltk_data, NLTK_DATA); huggingface_hub and sentence-transformers
 * (~/.cache/huggingface, HF_HOME…); torch.hub (~/.cache/torch, TORCH_HOME); Playwright
 * (~/.cache/ms-playwright, PLAYWRIGHT_BROWSERS_PATH); whisper (~/.cache/whisper); gensim
 * (~/gensim-data, GENSIM_DATA_DIR); EasyOCR (~/.EasyOCR); Puppeteer (~/.cache/puppeteer).
 */
const HOME_DOWNLOADS: { uses: RegExp; where: string; elsewhere: RegExp }[] = [
  {
    uses: /\bnltk\.download(er)?\b|\btextblob\.download_corpora\b/,
    where: 'NLTK saves its data in /root/nltk_data; set NLTK_DATA to a shared folder',
    elsewhere: /\bNLTK_DATA[=\s]|\s-d\s|download_dir\s*=/,
  },
  {
    uses: /\b(SentenceTransformer|from_pretrained|snapshot_download|hf_hub_download|pipeline)\s*\(|\b(huggingface-cli|hf)\s+download\b/,
    where: 'Hugging Face models are cached in /root/.cache/huggingface; set HF_HOME to a shared folder',
    elsewhere:
      /\b(HF_HOME|HF_HUB_CACHE|TRANSFORMERS_CACHE|SENTENCE_TRANSFORMERS_HOME|XDG_CACHE_HOME)[=\s]|cache_(dir|folder)\s*=|--(local|cache)-dir\b/,
  },
  {
    uses: /\btorch\.hub\.|\btorchvision\.models\.\w+\(\s*(weights|pretrained)\s*=/,
    where: 'torch.hub caches weights in /root/.cache/torch; set TORCH_HOME to a shared folder',
    elsewhere: /\b(TORCH_HOME|XDG_CACHE_HOME)[=\s]/,
  },
  {
    uses: /\bplaywright\s+install\b/,
    where: 'Playwright installs its browsers in /root/.cache/ms-playwright; set PLAYWRIGHT_BROWSERS_PATH',
    elsewhere: /\bPLAYWRIGHT_BROWSERS_PATH[=\s]/,
  },
  {
    uses: /\bpuppeteer\s+browsers\s+install\b/,
    where: 'Puppeteer installs its browser in /root/.cache/puppeteer; set PUPPETEER_CACHE_DIR',
    elsewhere: /\bPUPPETEER_CACHE_DIR[=\s]/,
  },
  {
    uses: /\bwhisper\.load_model\s*\(/,
    where: 'whisper caches its models in /root/.cache/whisper',
    elsewhere: /\bXDG_CACHE_HOME[=\s]|download_root\s*=/,
  },
  {
    uses: /\bgensim\.downloader\b/,
    where: 'gensim saves its data in /root/gensim-data; set GENSIM_DATA_DIR',
    elsewhere: /\bGENSIM_DATA_DIR[=\s]/,
  },
  {
    uses: /\beasyocr\.Reader\s*\(/,
    where: 'EasyOCR saves its models in /root/.EasyOCR',
    elsewhere: /model_storage_directory\s*=|\bEASYOCR_MODULE_PATH[=\s]/,
  },
];

/** What a build-time download stores under /root for the app to read, or null (see HOME_DOWNLOADS). */
function homeDownload(stage: Stage): string | null {
  const env = envText(stage);
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const text = [ins.args, ...ins.heredocs.map((h) => h.body)].join('\n');
    for (const d of HOME_DOWNLOADS)
      if (d.uses.test(text) && !d.elsewhere.test(text) && !d.elsewhere.test(env)) return d.where;
  }
  return null;
}

/** Installs under root's home, which a non-root user cannot read (/root is mode 700). */
export function rootHomeUse(stage: Stage): string | null {
  const download = homeDownload(stage);
  if (download) return download;
  for (const ins of stage.instructions) {
    const a = ins.args;
    if (ins.keyword === 'RUN') {
      for (const part of a.split(/&&|\|\||;|\n/)) {
        const cmd = part.trim();
        if (/^rm\s/.test(cmd)) continue; // cleaning a cache under /root is no use of it
        if (/\bpip[\d.]*\s+install\b.*\s--user\b/.test(cmd))
          return 'pip install --user puts packages in /root/.local';
        if (/\bpipx\s+install\b/.test(cmd)) return 'pipx installs into /root/.local';
        if (/\bpipenv\s+install\b/.test(cmd) && !/--system\b/.test(cmd))
          return 'pipenv keeps its virtualenv under /root/.local/share';
        if (
          /\bpoetry\s+install\b/.test(cmd) &&
          !/virtualenvs\.(create false|in-project true)/.test(a + envText(stage))
        )
          return 'poetry keeps its virtualenv under /root/.cache/pypoetry';
        if (
          /(sh\.rustup\.rs|astral\.sh|bun\.sh|deno\.land|nvm-sh|install\.python-poetry\.org|pyenv\.run|get\.sdkman\.io)/.test(
            cmd,
          )
        )
          return 'an installer script puts its tools under /root';
        if (/(^|[\s=:"'])(\/root(\/|\b)|~\/|\$\{?HOME\b)/.test(cmd))
          return `a RUN uses root's home (${cmd.slice(0, 60)})`;
      }
    }
    if (
      ['COPY', 'ADD', 'WORKDIR', 'ENV'].includes(ins.keyword) &&
      /(^|[\s=:"'])(\/root(\/|\b)|~(\/|$))/.test(a)
    )
      return `${ins.keyword} ${a.slice(0, 60)} puts files under /root`;
  }
  return null;
}

const envText = (stage: Stage): string =>
  stage.instructions
    .filter((i) => i.keyword === 'ENV')
    .map((i) =>
      i.args
        .replace(/POETRY_VIRTUALENVS_CREATE=false/i, 'virtualenvs.create false')
        .replace(/POETRY_VIRTUALENVS_IN_PROJECT=(true|1)/i, 'virtualenvs.in-project true'),
    )
    .join(' ');

/** What the start command does that writes files next to the app. */
const START_WRITES: [RegExp, string][] = [
  [/\bmanage\.py\s+(migrate|collectstatic|compress|compilemessages)/, 'runs manage.py $1 at start'],
  [/\b(flask\s+db|alembic)\s+upgrade|\bdb\s+upgrade\b/, 'runs database migrations at start'],
  [/\b(rails|rake|bin\/rails)\s+(db:|assets:)/, 'runs rails $2 tasks at start'],
  [/\bprisma\s+(migrate|db\s+push)|\b(sequelize|knex|typeorm)\b.*\bmigrat/, 'runs migrations at start'],
  [
    /\b(npm|yarn|pnpm)\s+(install|ci|run\s+build|build)\b|\bpip[\d.]*\s+install\b|\b(bundle|composer)\s+install\b/,
    'installs or builds at start',
  ],
  [/\bsqlite3?\b|\.(db|sqlite3?)\b/, 'uses an SQLite database file'],
  [/(^|[^<>&\d])>>?\s*(?!\/|&|\d)[\w.$]/, 'redirects output into a relative file'],
  [/\b(tee(\s+-a)?|touch|mkdir(\s+-p)?)\s+(?!\/|-)[\w.$]/, 'creates relative files at start'],
  [/\bnext\s+start\b/, 'runs next start (it writes .next/cache)'],
  [/\bjupyter\b/, 'runs Jupyter (it writes its runtime files under $HOME)'],
];

/** Project files that show the app writes into its own tree (frameworks' write folders, SQLite files). */
const PROJECT_WRITES: [RegExp, string][] = [
  [/(^|\/)[^/]+\.(sqlite3?|db)$/, 'The project ships an SQLite database file ($&) the app writes'],
  [/^artisan$/, 'A Laravel app writes storage/ and bootstrap/cache/ (composer install fills them, as root)'],
  [/^symfony\.lock$/, 'A Symfony app writes var/ (its cache is warmed at build time, as root)'],
  [/^wp-config(-sample)?\.php$/, 'WordPress writes wp-content/'],
  [/^next\.config\.(js|mjs|ts)$/, 'Next.js writes .next/cache at run time (made by its build, as root)'],
  [/^instance\//, 'A Flask app keeps its instance/ folder writable'],
  [/^(logs?|uploads|tmp)\//, 'The project has a $1/ folder the app writes to'],
];

/** Of PROJECT_WRITES, those into what the build makes (as root), not what the repository ships. */
const BUILT_WRITES = /Next\.js|Laravel|Symfony/;

/**
 * A write the app makes at run time into a place a new user would not own: the WORKDIR (its files
 * come from COPY, owned by root) or any folder not handed over. `handed` are the folders the fix
 * would chown; `copiesHanded` are the COPY/ADD instructions it gives the user with `--chown`, so
 * what the repository ships there (uploads/, an SQLite file) is the user's. Only writes Whittle can
 * see count (start command, ENV, project files).
 */
export function appWrite(
  stage: Stage,
  project: ProjectContext,
  handed: string[],
  copiesHanded: readonly Instruction[] = [],
): string | null {
  const wd = workdirAt(stage, stage.instructions.length);
  const owned = (p: string) => handed.some((h) => p === h || p.startsWith(`${h}/`));
  const where = owned(wd) ? null : wd;
  if (!where) return null;
  const start = startCommand(stage);
  if (start.programs.some((p) => /\.(sh|bash)$/.test(p)))
    return `The start script (${start.programs.find((p) => /\.(sh|bash)$/.test(p))}) cannot be read here: it may write into ${where}, need root, or switch users itself.`;
  for (const [re, why] of START_WRITES) {
    const m = re.exec(start.text);
    if (m) return `The start command ${m[0].replace(re, why)}, in ${where} whose files are root's.`;
  }
  for (const ins of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    const m = /\bsqlite:\/\/\/?([^\s"']*)|=\s*["']?([^\s"'=]*\.(?:db|sqlite3?))\b/.exec(ins.args);
    const file = m && (m[1] ?? m[2]);
    if (m && !(file && file.startsWith('/') && (owned(file) || file.startsWith('/tmp/'))))
      return `ENV names an SQLite database (${m[0].trim()}) the app writes, and ${where} is root's.`;
  }
  const projectCopies = stage.instructions.filter(
    (i) =>
      ['COPY', 'ADD'].includes(i.keyword) &&
      !i.flags.some((f) => f.name === 'from') &&
      /(^|\s)\.\/?(\s|$)/.test(i.args),
  );
  // Every copy of the project handed over: what it ships is the user's; only what a build step
  // makes as root (Next.js' .next/) stays out of reach.
  const shipsHanded = projectCopies.every((c) => copiesHanded.includes(c));
  if (projectCopies.length)
    for (const f of project.files)
      for (const [re, why] of PROJECT_WRITES) {
        const m = re.exec(f);
        if (m && (!shipsHanded || BUILT_WRITES.test(why)))
          return `${m[0].replace(re, why)}, and ${where} holds root's files from COPY (no chown hands it over).`;
      }
  return null;
}

/** VOLUMEs a new user could not write: a bind mount keeps the host's owner, and the legacy builder drops a chown after the VOLUME line. */
export function unownedVolume(stage: Stage): string | null {
  for (const [idx, ins] of stage.instructions.entries()) {
    if (ins.keyword !== 'VOLUME') continue;
    for (const v of ins.jsonArgs ?? ins.args.split(/\s+/)) {
      if (!v) continue;
      const d = resolvePath(workdirAt(stage, idx), v);
      return `VOLUME ${d}: whatever is mounted there keeps its own owner (root for a new bind mount), and a chown after the VOLUME line is dropped by the legacy builder, so a user Whittle adds may not write it; hand it over (mkdir and chown before the VOLUME) and set USER yourself.`;
    }
  }
  return null;
}

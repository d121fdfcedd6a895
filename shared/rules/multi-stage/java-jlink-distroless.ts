/**
 * WH014's linked Java runtime moved onto a distroless glibc base (issue 14 §3: `gcr.io/distroless/
 * cc-debian12`, glibc + libstdc++/libgcc and no shell). On debian:bookworm-slim the runtime stage
 * runs one RUN (java-jlink-script.ts `jlinkRuntimeLines`): it compiles the JRE image's locale with
 * localedef and, when java.desktop was linked, installs AWT's font libraries. Distroless cannot run
 * it, so a helper stage on the same Debian release does that work instead and hands over only files:
 *  - the compiled locale (`/usr/lib/locale/locale-archive`);
 *  - the shared libraries the linked runtime loads (`ldd` over its binaries and `.so` files) that
 *    the distroless base does not have: Debian's OpenJDK links the system zlib (`libz.so.1`), which
 *    cc-debian12 lacks (distroless base/config.bzl, cc/config.bzl). The base's own files are read
 *    from the image itself (`COPY --from=<base> /`), so no list of them is kept here;
 *  - nothing at all when the runtime has java.desktop (`lib/libawt.so`): its fonts need fontconfig,
 *    its configuration and font files, which a library copy does not bring. The helper then fails
 *    the build with that reason, and the candidate is rejected saying so; likewise when a library
 *    the runtime links cannot be found.
 * Debian bookworm's glibc is distroless debian12's (both 2.36), so the copied libraries and the
 * locale archive fit it. Whether the result runs is still decided by the checks on the built image.
 */
import { type Instruction, type Stage, flagValue } from '../../dockerfile/model';
import { parseDockerfile } from '../../dockerfile/parse';
import { renderLine, type Style } from '../../dockerfile/printer';
import { runText } from '../commands';
import { copyDest } from '../stage-facts';
import { JLINK_RUNTIME_BASE, RUNTIME_JAVA_HOME, jlinkRuntimeLines } from './java-jlink-script';

/** The name of the helper stage (a name no Dockerfile Whittle writes uses otherwise). */
export const JLINK_HELPER_STAGE = 'whittle-java-runtime';

/** WH014's runtime lines found in a final stage. */
export interface JlinkRuntime {
  /** `COPY --from=<builder> <output> /opt/java/openjdk`. */
  copy: Instruction;
  /** The RUN `jlinkRuntimeLines` wrote right after it. */
  run: Instruction;
  builder: string;
  output: string;
  /** The locales the RUN compiles (`en_US.UTF-8`), in order. */
  locales: string[];
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The RUN text `jlinkRuntimeLines` writes for these locales, normalised. */
function expectedRun(locales: string[]): string {
  const style: Style = { upper: true, indent: '    ', layout: 'trailing', eol: '\n', escape: '\\' };
  const lines = jlinkRuntimeLines(style, 'b', '/x', { LANG: locales[0], LC_ALL: locales[1] ?? locales[0] });
  const run = parseDockerfile(`FROM scratch\n${lines[2]!}\n`).instructions.find((i) => i.keyword === 'RUN')!;
  return squash(runText(run));
}

/**
 * WH014's runtime in `stage` (a final stage on debian:bookworm-slim): the COPY of the linked runtime
 * to /opt/java/openjdk from a builder stage, followed by exactly the RUN WH014 writes. Null when
 * the stage is anything else (a RUN edited by hand is not recognised).
 */
export function readJlinkRuntime(stage: Stage): JlinkRuntime | null {
  if (stage.image.raw !== JLINK_RUNTIME_BASE) return null;
  const list = stage.instructions;
  for (const [i, copy] of list.entries()) {
    if (copy.keyword !== 'COPY') continue;
    const builder = flagValue(copy, 'from');
    const words = copy.jsonArgs ?? copy.args.split(/\s+/).filter(Boolean);
    if (!builder || words.length !== 2 || copyDest(stage, i, copy) !== RUNTIME_JAVA_HOME) continue;
    if (copy.flags.some((f) => f.name !== 'from')) continue;
    const run = list[i + 1];
    if (!run || run.keyword !== 'RUN' || run.json || run.heredoc) return null;
    const text = squash(runText(run));
    const locales = [...text.matchAll(/localedef -i \S+ -f UTF-8 (\S+?)( &&|$)/g)].map((m) => m[1]!);
    if (expectedRun(locales) !== text) return null;
    return { copy, run, builder, output: words[0]!, locales };
  }
  return null;
}

/**
 * The helper stage (its lines, FROM first) that prepares, on debian:bookworm-slim, what the runtime
 * needs on `baseImage` beyond the linked runtime itself: `/out/` holds the locale archive and the
 * libraries the base lacks (see the file's comment).
 */
export function jlinkHelperStage(style: Style, rt: JlinkRuntime, baseImage: string): string[] {
  const home = RUNTIME_JAVA_HOME;
  const esc = ` ${style.escape}${style.eol}${style.indent}`;
  const locale = rt.locales.length
    ? [
        'apt-get update; cd /tmp; apt-get download locales; dpkg-deb -x locales_*.deb /tmp/locales;',
        ...rt.locales.map(
          (n) => `I18NPATH=/tmp/locales/usr/share/i18n localedef -i ${n.replace(/\..*/, '')} -f UTF-8 ${n};`,
        ),
        'cp /usr/lib/locale/locale-archive /out/usr/lib/locale/;',
        'rm -rf /tmp/locales /tmp/locales_*.deb /var/lib/apt/lists/*; cd /;',
      ]
    : [];
  const run = [
    'set -eu;',
    `if [ -e ${home}/lib/libawt.so ]; then echo "whittle: the linked runtime has java.desktop, whose fonts need fontconfig and font files that ${baseImage} lacks" >&2; exit 1; fi;`,
    'mkdir -p /out/usr/lib/locale;',
    ...locale,
    `find ${home} -type f \\( -name '*.so' -o -path '*/bin/*' \\) -exec ldd {} + >/tmp/ldd.txt 2>/dev/null || true;`,
    // A library of the runtime itself (libjvm.so in lib/server) is "not found" by ldd: the JVM loads it by path.
    `missing=""; for name in $(awk '$2 == "=>" && $3 == "not" { print $1 }' /tmp/ldd.txt | sort -u); do`,
    `  if [ -z "$(find ${home} -name "$name" -print -quit)" ]; then missing="$missing $name"; fi; done;`,
    'if [ -n "$missing" ]; then echo "whittle: the linked runtime needs libraries Debian bookworm-slim lacks:$missing" >&2; exit 1; fi;',
    `for lib in $(awk '$2 == "=>" && $3 ~ /^\\// { print $3 }' /tmp/ldd.txt | sort -u); do`,
    `  case "$lib" in ${home}/*) continue;; esac; name="\${lib##*/}";`,
    // The base may keep its libraries under /lib as well as /usr/lib (merged /usr or not).
    '  if [ -n "$(find /whittle-base/usr/lib /whittle-base/usr/lib64 /whittle-base/lib /whittle-base/lib64 -name "$name" -print -quit 2>/dev/null)" ]; then continue; fi;',
    '  real="$(readlink -f "$lib")"; mkdir -p "/out${real%/*}"; cp "$real" "/out${real%/*}/$name";',
    `  echo "whittle: adding $name (Debian bookworm), which ${baseImage} lacks" >&2;`,
    'done; rm -f /tmp/ldd.txt',
  ];
  const as = style.upper ? 'AS' : 'as';
  return [
    renderLine(style, 'FROM', `${JLINK_RUNTIME_BASE} ${as} ${JLINK_HELPER_STAGE}`),
    renderLine(style, 'COPY', `--from=${rt.builder} ${rt.output} ${home}`),
    renderLine(style, 'COPY', `--from=${baseImage} / /whittle-base/`),
    renderLine(style, 'RUN', run.join(esc)),
    '',
  ];
}

/** The line that replaces the runtime's RUN on the distroless base. */
export const jlinkHelperCopy = (style: Style): string =>
  renderLine(style, 'COPY', `--from=${JLINK_HELPER_STAGE} /out/ /`);

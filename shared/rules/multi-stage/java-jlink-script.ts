/**
 * The text WH014 writes: the builder's `jdeps` + `jlink` step and the runtime's lines. Kept apart
 * from the rule (which decides whether it applies) so the shell can be read and tested as one piece.
 *
 * The builder step (POSIX sh, so dash on Ubuntu/Debian JDK images runs it):
 * 1. checks that the builder's JDK is the Java major the original runtime ran (else the build fails
 *    with the two numbers: the JVM's version never changes silently);
 * 2. unpacks the jar; a Spring Boot fat jar (`BOOT-INF/lib`, or a war's `WEB-INF/lib`) gives its own
 *    classes and every bundled jar to `jdeps` as roots (not only what the app's classes reach:
 *    Spring loads its auto-configuration by reflection), as Spring Boot users run it
 *    (`jdeps --ignore-missing-deps -q --recursive --multi-release N --print-module-deps
 *    --class-path 'BOOT-INF/lib/*'`);
 * 3. adds JAVA_RUNTIME_EXTRAS (modules reached only by ServiceLoader or reflection) that the JDK has;
 * 4. when jdeps cannot decide (it fails, prints no module list, or the manifest's Class-Path loads
 *    jars it was not given), links every module of the JDK instead and says why in the build log;
 * 5. `jlink --strip-debug --no-header-files --no-man-pages --compress=2` (`zip-6` from JDK 21, where
 *    `--compress=N` is deprecated; JDK-8293667); `--strip-debug` runs objcopy on Linux
 *    (docker-library/openjdk#351), so without binutils it strips Java debug attributes only;
 * 6. copies the JDK's trust store (`lib/security/cacerts`, which Debian's JDK links to the system
 *    store) over the linked one, so the runtime trusts what the build's Java trusted.
 */
import type { Style } from '../../dockerfile/printer';
import { renderLine } from '../../dockerfile/printer';

/**
 * JDK modules that `jdeps` cannot see because code reaches them by name (ServiceLoader, a
 * security-provider list, `Class.forName`) and whose absence breaks or changes a running app.
 * Each is linked when the builder's JDK has it. Sources: the JDK's `java.security` provider list
 * (SunEC is jdk.crypto.ec until JDK 22 moved it into java.base, JDK-8308398: TLS with ECDHE/ECDSA
 * fails without it); java.nio.file.spi.FileSystemProvider (jdk.zipfs); java.nio.charset.spi
 * (jdk.charsets: Shift_JIS, EUC-*, …); sun.util.locale.provider (jdk.localedata: every locale but
 * English; dates and numbers format differently without it); JNDI (java.naming, jdk.naming.dns),
 * looked up by Class.forName in Spring, Logback and Log4j; sun.misc.Unsafe (jdk.unsupported),
 * looked up reflectively by Netty, Objenesis and Kryo; JMX (java.management, jdk.management) used
 * by Spring Boot's admin MXBean, Micrometer and Tomcat; java.instrument for a `-javaagent` that
 * JAVA_TOOL_OPTIONS adds at deploy time; jdk.random (RandomGenerator.of by name, JDK 17+).
 */
export const JAVA_RUNTIME_EXTRAS = [
  'jdk.crypto.ec',
  'jdk.zipfs',
  'jdk.charsets',
  'jdk.localedata',
  'java.naming',
  'jdk.naming.dns',
  'jdk.unsupported',
  'java.management',
  'jdk.management',
  'java.instrument',
  'jdk.random',
];

/** Modules that JVM flags load (`-Dcom.sun.management.jmxremote`, JFR, the debugger agent). */
const FLAG_MODULES: [RegExp, string][] = [
  [/-Dcom\.sun\.management\.jmxremote/, 'jdk.management.agent'],
  [/-XX:(\+FlightRecorder|StartFlightRecording)|-XX:FlightRecorderOptions/, 'jdk.jfr'],
  [/-agentlib:jdwp|-Xrunjdwp/, 'jdk.jdwp.agent'],
];

/** Modules the runtime's own text asks for: JVM flags and `--add-modules` names. */
export function flagModules(runtimeText: string): string[] {
  const out = FLAG_MODULES.filter(([re]) => re.test(runtimeText)).map(([, m]) => m);
  for (const m of runtimeText.matchAll(/--add-modules[= ]([\w.,]+)/g))
    out.push(...m[1]!.split(',').filter((x) => /^[a-z][\w.]*$/.test(x) && !x.startsWith('ALL-')));
  return [...new Set(out)];
}

/** Where the runtime stage puts the linked runtime: eclipse-temurin's JAVA_HOME, so scripts that name it still work. */
export const RUNTIME_JAVA_HOME = '/opt/java/openjdk';

/** The slim glibc base the linked runtime runs on (a shell and apt, for the user and the font packages). */
export const JLINK_RUNTIME_BASE = 'debian:bookworm-slim';

export interface JlinkStep {
  /** The jar in the builder stage: an absolute path, or a glob matching one file. */
  jar: string;
  /** The Java major the original runtime ran (the builder's JDK must be the same). */
  major: number;
  /** Modules added besides jdeps' list and JAVA_RUNTIME_EXTRAS (from JVM flags). */
  extraModules: string[];
  /** Where jlink writes the runtime in the builder. */
  output: string;
}

const join = (style: Style, parts: string[]): string =>
  parts.join(` ${style.escape}${style.eol}${style.indent}`);

/** The builder's RUN: jdeps, the fallback, jlink. */
export function jlinkRun(style: Style, step: JlinkStep): string {
  const extras = [...JAVA_RUNTIME_EXTRAS, ...step.extraModules].join(' ');
  const jarWords = /[*?[]/.test(step.jar) ? step.jar : `'${step.jar}'`;
  return renderLine(
    style,
    'RUN',
    join(style, [
      'set -eu;',
      `set -- ${jarWords}; jarfile="$1";`,
      'major="$(java -XshowSettings:properties -version 2>&1 | sed -n \'s/^ *java\\.specification\\.version = //p\')";',
      `if [ "$major" != ${step.major} ]; then echo "whittle: the builder's JDK is Java $major but the app ran on Java ${step.major}; not linking another JVM" >&2; exit 1; fi;`,
      'work="$(mktemp -d)"; cd "$work"; jar xf "$jarfile"; reason="";',
      'set --; for f in BOOT-INF/classes WEB-INF/classes BOOT-INF/lib/*.jar WEB-INF/lib/*.jar WEB-INF/lib-provided/*.jar; do if [ -e "$f" ]; then set -- "$@" "$f"; fi; done;',
      'if [ "$#" -eq 0 ]; then set -- "$jarfile"; fi;',
      'if grep -qi "^Class-Path:" META-INF/MANIFEST.MF 2>/dev/null; then reason="the manifest\'s Class-Path loads jars jdeps was not given"; fi;',
      'if [ -z "$reason" ]; then',
      '  if deps="$(jdeps --ignore-missing-deps -q --multi-release "$major" --print-module-deps "$@" 2>"$work/jdeps.err")"; then',
      '    case "$deps" in "" | *[!a-z0-9.,_]*) reason="jdeps printed no module list";; esac;',
      '  else reason="jdeps failed: $(head -c 300 "$work/jdeps.err" | tr "\\n" " ")"; fi;',
      'fi;',
      'if [ -n "$reason" ]; then',
      '  echo "whittle: linking every module of the JDK ($reason)" >&2;',
      '  mods="$(java --list-modules | sed "s/@.*//" | paste -sd, -)";',
      `else mods="$deps"; for m in ${extras}; do`,
      '  if [ -f "$JAVA_HOME/jmods/$m.jmod" ]; then mods="$mods,$m"; fi; done;',
      'fi;',
      'if [ "$major" -ge 21 ]; then zip=zip-6; else zip=2; fi;',
      'strip=--strip-debug; command -v objcopy >/dev/null || strip=--strip-java-debug-attributes;',
      `jlink --add-modules "$mods" "$strip" --no-header-files --no-man-pages --compress="$zip" --output ${step.output};`,
      `cp "$JAVA_HOME/lib/security/cacerts" ${step.output}/lib/security/cacerts;`,
      'cd /; rm -rf "$work";',
      `echo "whittle: linked $mods" >&2; ${step.output}/bin/java -version`,
    ]),
  );
}

/** Locale variables of the JRE image (adoptium/containers sets all three to en_US). */
export interface LocaleEnv {
  LANG?: string;
  LANGUAGE?: string;
  LC_ALL?: string;
}

/** adoptium/containers' Dockerfiles: `ENV LANG='en_US.UTF-8' LANGUAGE='en_US:en' LC_ALL='en_US.UTF-8'`. */
export const TEMURIN_LOCALE: LocaleEnv = { LANG: 'en_US.UTF-8', LANGUAGE: 'en_US:en', LC_ALL: 'en_US.UTF-8' };

/** A glibc locale Whittle can compile from Debian's locales package (`de_DE.UTF-8`), or null for C/POSIX ones. */
export const compiledLocale = (name: string): string | null =>
  /^[a-z]{2,3}_[A-Z]{2}\.UTF-8$/.test(name) ? name : null;

/**
 * The runtime's lines after its FROM: eclipse-temurin's JAVA_HOME and PATH, the linked runtime,
 * one RUN, then the JRE image's locale variables. Java 17 takes its default locale and
 * file.encoding from them (en_US and UTF-8 there; C.UTF-8 would give `en` without a country), so
 * the RUN compiles that locale with localedef from Debian's locales package, unpacked aside and
 * removed (3 MB instead of the package's 20). Only when java.desktop was linked, it installs the
 * libraries that module's native code loads (fontconfig, as eclipse-temurin installs for AWT
 * fonts; Debian's JDK links freetype, lcms2, libjpeg, libpng, giflib and harfbuzz from the system).
 */
export function jlinkRuntimeLines(
  style: Style,
  builder: string,
  output: string,
  locale: LocaleEnv,
): string[] {
  const home = RUNTIME_JAVA_HOME;
  const names = [...new Set([locale.LANG, locale.LC_ALL].map((l) => (l ? compiledLocale(l) : null)))].filter(
    (l): l is string => !!l,
  );
  const localeEnv = (['LANG', 'LANGUAGE', 'LC_ALL'] as const)
    .filter((k) => locale[k])
    .map((k) => `${k}=${/^[\w.:@-]+$/.test(locale[k]!) ? locale[k] : `'${locale[k]}'`}`);
  const run = [
    'apt-get update &&',
    ...(names.length
      ? [
          'cd /tmp && apt-get download locales && dpkg-deb -x locales_*.deb /tmp/locales &&',
          ...names.map(
            (n) =>
              `I18NPATH=/tmp/locales/usr/share/i18n localedef -i ${n.replace(/\..*/, '')} -f UTF-8 ${n} &&`,
          ),
          'rm -rf /tmp/locales /tmp/locales_*.deb &&',
        ]
      : []),
    `if [ -e ${home}/lib/libawt.so ]; then`,
    '  apt-get install -y --no-install-recommends fontconfig libfreetype6 liblcms2-2 libjpeg62-turbo libpng16-16 libgif7 libharfbuzz0b;',
    'fi &&',
    'rm -rf /var/lib/apt/lists/*',
  ];
  return [
    renderLine(style, 'ENV', join(style, [`JAVA_HOME=${home}`, `PATH=${home}/bin:$PATH`])),
    renderLine(style, 'COPY', `--from=${builder} ${output} ${home}`),
    renderLine(style, 'RUN', join(style, run)),
    ...(localeEnv.length ? [renderLine(style, 'ENV', join(style, localeEnv))] : []),
  ];
}

FROM eclipse-temurin:17-jdk AS builder
WORKDIR /app
COPY . .

RUN mkdir -p build/classes && \
    javac -d build/classes $(find src/main/java -name '*.java') && \
    jar cfe app.jar com.example.units.App -C build/classes .
RUN set -eu; \
    set -- '/app/app.jar'; jarfile="$1"; \
    major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"; \
    if [ "$major" != 17 ]; then echo "whittle: the builder's JDK is Java $major but the app ran on Java 17; not linking another JVM" >&2; exit 1; fi; \
    work="$(mktemp -d)"; cd "$work"; jar xf "$jarfile"; reason=""; \
    set --; for f in BOOT-INF/classes WEB-INF/classes BOOT-INF/lib/*.jar WEB-INF/lib/*.jar WEB-INF/lib-provided/*.jar; do if [ -e "$f" ]; then set -- "$@" "$f"; fi; done; \
    if [ "$#" -eq 0 ]; then set -- "$jarfile"; fi; \
    if grep -qi "^Class-Path:" META-INF/MANIFEST.MF 2>/dev/null; then reason="the manifest's Class-Path loads jars jdeps was not given"; fi; \
    if [ -z "$reason" ]; then \
      if deps="$(jdeps --ignore-missing-deps -q --multi-release "$major" --print-module-deps "$@" 2>"$work/jdeps.err")"; then \
        case "$deps" in "" | *[!a-z0-9.,_]*) reason="jdeps printed no module list";; esac; \
      else reason="jdeps failed: $(head -c 300 "$work/jdeps.err" | tr "\n" " ")"; fi; \
    fi; \
    if [ -n "$reason" ]; then \
      echo "whittle: linking every module of the JDK ($reason)" >&2; \
      mods="$(java --list-modules | sed "s/@.*//" | paste -sd, -)"; \
    else mods="$deps"; for m in jdk.crypto.ec jdk.zipfs jdk.charsets jdk.localedata java.naming jdk.naming.dns jdk.unsupported java.management jdk.management java.instrument jdk.random; do \
      if [ -f "$JAVA_HOME/jmods/$m.jmod" ]; then mods="$mods,$m"; fi; done; \
    fi; \
    if [ "$major" -ge 21 ]; then zip=zip-6; else zip=2; fi; \
    strip=--strip-debug; command -v objcopy >/dev/null || strip=--strip-java-debug-attributes; \
    jlink --add-modules "$mods" "$strip" --no-header-files --no-man-pages --compress="$zip" --output /opt/jre; \
    cp "$JAVA_HOME/lib/security/cacerts" /opt/jre/lib/security/cacerts; \
    cd /; rm -rf "$work"; \
    echo "whittle: linked $mods" >&2; /opt/jre/bin/java -version

FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH
COPY --from=builder /opt/jre /opt/java/openjdk
RUN apt-get update && \
    cd /tmp && apt-get download locales && dpkg-deb -x locales_*.deb /tmp/locales && \
    I18NPATH=/tmp/locales/usr/share/i18n localedef -i en_US -f UTF-8 en_US.UTF-8 && \
    rm -rf /tmp/locales /tmp/locales_*.deb && \
    if [ -e /opt/java/openjdk/lib/libawt.so ]; then \
      apt-get install -y --no-install-recommends fontconfig libfreetype6 liblcms2-2 libjpeg62-turbo libpng16-16 libgif7 libharfbuzz0b; \
    fi && \
    rm -rf /var/lib/apt/lists/*
ENV LANG=en_US.UTF-8 \
    LANGUAGE=en_US:en \
    LC_ALL=en_US.UTF-8

WORKDIR /app

COPY --chown=10001:10001 . .
COPY --from=builder /app/app.jar /app/app.jar

EXPOSE 8080

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app && \
    chown app:app /app
USER app
CMD ["java", "-jar", "app.jar"]

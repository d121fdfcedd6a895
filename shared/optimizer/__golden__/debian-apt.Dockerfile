FROM debian:bookworm-slim

RUN apt-get update && \
    apt-get install --no-install-recommends -y curl jq ca-certificates && \
    rm -rf /var/lib/apt/lists/*

COPY . /opt/sitewatch
RUN chmod +x /opt/sitewatch/bin/sitewatch

# make sure the tools work before shipping: hash a big scratch file
RUN dd if=/dev/zero of=/tmp/selftest.img bs=1M count=20 && \
    /opt/sitewatch/bin/sitewatch selftest /tmp/selftest.img && \
    rm /tmp/selftest.img && \
    mkdir -p /srv/www /var/lib/sitewatch && \
    cp -r /opt/sitewatch/sample-site/. /srv/www/

ENV SITEWATCH_ROOT=/srv/www
ENV SITEWATCH_INTERVAL=30

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app && \
    chown -R app:app /srv/www /var/lib/sitewatch
USER app
CMD ["/opt/sitewatch/bin/sitewatch", "loop"]

FROM python:3.9 AS builder

RUN apt-get update && \
    apt-get install --no-install-recommends -y build-essential libpq-dev && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /srv/fuzzyfind
COPY requirements.txt ./
COPY vendor ./vendor

RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

FROM python:3.9-slim

RUN apt-get update && \
    apt-get install -y --no-install-recommends libpq5 && \
    rm -rf /var/lib/apt/lists/*

WORKDIR /srv/fuzzyfind
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY --chown=10001:10001 . .

ENV PORT=8000
EXPOSE 8000

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app && \
    chown app:app /srv/fuzzyfind
USER app
CMD ["python", "server.py"]

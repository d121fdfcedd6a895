FROM python:3.9 AS builder
WORKDIR /app
COPY requirements.txt /app/requirements.txt
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

RUN pip install --no-cache-dir uwsgi

FROM python:3.9-slim

RUN groupadd --gid 1000 app && \
    useradd --create-home --gid 1000 --uid 1000 app

WORKDIR /app
RUN apt-get update && \
    apt-get install -y --no-install-recommends libxml2 && \
    rm -rf /var/lib/apt/lists/*
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY . .
EXPOSE 5000

ENV FLASK_APP=manage.py
ENV FLASK_ENV=production

RUN mkdir -p buddy/storage && \
    PYTHONDONTWRITEBYTECODE=1 python manage.py db upgrade && \
    chown -R app:app buddy/storage

USER app

CMD ["uwsgi", "/app/wsgi.ini", "-w", "wsgi:app"]

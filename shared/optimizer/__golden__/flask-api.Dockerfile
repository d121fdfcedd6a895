FROM python:3.9 AS builder
WORKDIR /app
COPY requirements.txt /app/requirements.txt
COPY vendor ./vendor
RUN python3 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt

RUN pip install --no-cache-dir ./vendor/wsgiserve

FROM python:3.9-slim

RUN groupadd --gid 1000 app && \
    useradd --create-home --gid 1000 --uid 1000 app

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

COPY . .
EXPOSE 5000

ENV MICROFLASK_APP=manage.py
ENV MICROFLASK_ENV=production

RUN mkdir -p buddy_recommender/main/storage && \
    PYTHONDONTWRITEBYTECODE=1 python manage.py db upgrade && \
    chown -R app:app buddy_recommender/main/storage

USER app

CMD ["wsgiserve", "/app/wsgi.ini", "--http", "0.0.0.0:5000", "-w", "wsgi:app"]

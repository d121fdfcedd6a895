FROM ruby:3.2-slim

RUN apt-get update && \
    apt-get install --no-install-recommends -y curl ca-certificates && \
    rm -rf /var/lib/apt/lists/*

WORKDIR /usr/src/app

COPY --chown=www-data:www-data . .
COPY config/settings.json /etc/proverbs/settings.json

RUN chown www-data:www-data /usr/src/app

EXPOSE 4567

USER www-data
CMD ["ruby", "app.rb"]

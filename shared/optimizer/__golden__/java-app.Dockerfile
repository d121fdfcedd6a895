FROM eclipse-temurin:17-jdk AS builder
WORKDIR /app
COPY . .

RUN mkdir -p build/classes && \
    javac -d build/classes $(find src/main/java -name '*.java') && \
    jar cfe app.jar com.example.units.App -C build/classes .

FROM eclipse-temurin:17-jre

WORKDIR /app

COPY --chown=10001:10001 . .
COPY --from=builder /app/app.jar /app/app.jar

EXPOSE 8080

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app && \
    chown app:app /app
USER app
CMD ["java", "-jar", "app.jar"]

# syntax=docker/dockerfile:1
# The runner image: `docker build -t result-store-runner .` at the repository root.
# Run: docker run -v $PWD/result-store.yaml:/etc/result-store/result-store.yaml:ro -p 8080:8080 result-store-runner

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Only the build's inputs (no target/ directories from a local build).
COPY pom.xml ./
COPY result-store-core/pom.xml result-store-core/
COPY result-store-core/src result-store-core/src
COPY result-store-nats/pom.xml result-store-nats/
COPY result-store-nats/src result-store-nats/src
COPY result-store-cql/pom.xml result-store-cql/
COPY result-store-cql/src result-store-cql/src
COPY result-store-s3/pom.xml result-store-s3/
COPY result-store-s3/src result-store-s3/src
COPY result-store-config/pom.xml result-store-config/
COPY result-store-config/src result-store-config/src
COPY result-store-runner/pom.xml result-store-runner/
COPY result-store-runner/src result-store-runner/src
# The benchmark is not in the image; its POM only completes the reactor.
COPY result-store-bench/pom.xml result-store-bench/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip=true -pl result-store-runner -am package \
    && cp result-store-runner/target/result-store-runner.jar /result-store-runner.jar

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="result-store-runner" \
      org.opencontainers.image.description="Stores serverless invocation results from NATS JetStream in ScyllaDB/Cassandra" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 result-store \
    && useradd --system --uid 10001 --gid result-store --home-dir /opt/result-store --shell /usr/sbin/nologin result-store \
    && mkdir -p /etc/result-store
COPY --from=build /result-store-runner.jar /opt/result-store/result-store-runner.jar
USER 10001:10001
# The settings come from the configuration file and the RESULT_STORE_* environment variables
# (docs/configuration.md).
ENV RESULT_STORE_CONFIG=/etc/result-store/result-store.yaml
EXPOSE 8080
# Container-aware heap, on the command line rather than in JAVA_TOOL_OPTIONS: the JVM announces
# that variable with a plain-text line on stderr, which would break a log of pure JSON lines.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/result-store/result-store-runner.jar"]
CMD ["run"]

# Tributary's image: the `tributary` command line on a Java 17 runtime. Every service of
# docker-compose.yml runs it with a different command (ingest, train, embed, serve, ...).
#
#   docker build -t tributary .
#   docker run --rm tributary --help

# --- Build: a thin jar and its dependencies in target/lib, as ./tributary builds them. ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The dependencies first, in a layer of their own: it is rebuilt only when pom.xml changes,
# not at every source change (the PyTorch natives alone are 107 MB).
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src/main src/main
COPY bench bench
RUN mvn -B -ntp -q -Dmaven.test.skip=true package

# --- Data sets for the demo producers and the tokenizer, from Debian's packages. ---
FROM debian:bookworm-slim AS datasets
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends dataset-fashion-mnist fortunes \
        fortunes-min \
    && rm -rf /var/lib/apt/lists/*

# --- Runtime. ---
FROM eclipse-temurin:17-jre
# Where the Debian packages put them, which is where Tributary looks first.
COPY --from=datasets /usr/share/datasets/fashion-mnist /usr/share/datasets/fashion-mnist
COPY --from=datasets /usr/share/games/fortunes /usr/share/games/fortunes

# PyTorch's native libraries travel in a jar of target/lib; DJL unpacks them (about 430 MB)
# into DJL_CACHE_DIR at the first start. A volume there keeps them across restarts and, when
# shared, across services. Nothing is downloaded at run time, so DJL_OFFLINE makes any
# attempt fail at once and skips DJL's network probe.
# JAVA_OPTS: PyTorch's tensors live outside the Java heap, so the heap gets only half of the
# container's memory.
ENV DJL_CACHE_DIR=/var/cache/djl \
    DJL_OFFLINE=true \
    TRIBUTARY_HOME=/var/lib/tributary \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -Djava.awt.headless=true"

RUN groupadd --system --gid 10001 tributary \
    && useradd --system --uid 10001 --gid tributary --home-dir /var/lib/tributary \
        --shell /usr/sbin/nologin tributary \
    && mkdir -p /var/cache/djl /var/lib/tributary/shared /var/lib/tributary/streams \
        /var/lib/tributary/checkpoints \
    && chown -R tributary:tributary /var/cache/djl /var/lib/tributary \
    && printf '%s\n' '#!/bin/sh' \
        '# The tributary command line; JAVA_OPTS holds the JVM options.' \
        'exec java $JAVA_OPTS -cp "/opt/tributary/tributary.jar:/opt/tributary/lib/*" \' \
        '    dev.tributary.cli.Main "$@"' \
        > /usr/local/bin/tributary \
    && chmod 755 /usr/local/bin/tributary

# Dependencies change less often than the jar, so they get the lower layer.
COPY --from=build /src/target/lib /opt/tributary/lib
COPY --from=build /src/target/tributary.jar /opt/tributary/tributary.jar

USER tributary
WORKDIR /var/lib/tributary
VOLUME ["/var/cache/djl", "/var/lib/tributary"]
# 8080: the adapter HTTP API of `tributary serve`; 9401-9404: /metrics of ingest, train,
# embed and serve (pass --metrics-host 0.0.0.0 so that Prometheus can reach them).
EXPOSE 8080 9401 9402 9403 9404
ENTRYPOINT ["/usr/local/bin/tributary"]
CMD ["--help"]

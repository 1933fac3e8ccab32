# syntax=docker/dockerfile:1
# Kiln in a container, with a project baked in: what Airflow runs on ECS Fargate
# (docs/production.md). Build from the repository root:
#   docker build -t kiln-datavision .                               # bakes in datavision-project
#   docker build --build-arg PROJECT=path/to/project -t my-kiln .   # another project
#   docker run --rm kiln-datavision build --target prod -s +rfm_segments
# Or mount a project instead of baking it in: docker run -v "$PWD/proj:/project" kiln-datavision compile
# The runtime stage holds the same layout as `mvn -Pruntime -pl engine-cli -am package`
# (engine-cli/target/runtime): bin/kiln, lib/*.jar and a jlink'd Java in jre/.

# ---- build: Maven and a full JDK (jlink) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# the whole reactor (every module's pom.xml is needed to resolve it); .dockerignore keeps
# target/ folders, data and docs out. The BuildKit cache keeps ~/.m2 between builds.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -Pruntime -pl engine-cli -am package -DskipTests

# ---- runtime: a small base, no JDK, no Maven, not root ----
FROM debian:bookworm-slim
ARG PROJECT=datavision-project
# libstdc++ for DuckDB's native library; CA certificates for TLS to AWS
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libstdc++6 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 kiln \
    && useradd --system --uid 10001 --gid kiln --home-dir /project --shell /usr/sbin/nologin kiln
COPY --from=build /src/engine-cli/target/runtime /opt/kiln
COPY --chown=kiln:kiln ${PROJECT} /project
USER kiln:kiln
WORKDIR /project
# KILN_DAEMON=0: a container ends with its command, so `docker run -it` at a terminal runs in-process too
ENV KILN_JAVA_OPTS="" \
    KILN_DAEMON=0 \
    LANG=C.UTF-8
ENTRYPOINT ["/opt/kiln/bin/kiln"]
CMD ["--help"]

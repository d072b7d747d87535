# Bootkeeper as a container. Build:  docker build -t bootkeeper .
# Run with host networking (DHCP and TFTP need the LAN's broadcasts and its real addresses):
#   docker run -d --name bootkeeper --network host \
#     -v bootkeeper-data:/data -v /srv/boot-images:/images bootkeeper

# 1. Build the appliance (H2 and PostgreSQL builds) with Maven.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
COPY src src
COPY web web
# The loaders come from the Debian stage below, so the build does not bundle them again.
RUN BOOTKEEPER_SKIP_BOOTLOADERS=1 mvn -B -q package -DskipTests

# 2. Take the network boot loaders from Debian's packages (the same script operators run).
FROM debian:bookworm-slim AS loaders
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null
COPY images/fetch-bootloaders.sh /usr/local/bin/fetch-bootloaders.sh
RUN fetch-bootloaders.sh /bootloaders

# 3. Run on a JRE as an unprivileged user that may still bind ports 67, 69 and 80.
FROM eclipse-temurin:17-jre
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libcap2-bin curl >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && setcap cap_net_bind_service=+ep "$(readlink -f "$JAVA_HOME/bin/java")" \
 # A binary with file capabilities ignores its relative library path: tell the loader instead.
 && echo "$JAVA_HOME/lib" > /etc/ld.so.conf.d/java.conf && ldconfig \
 && useradd --system --home-dir /data --shell /usr/sbin/nologin bootkeeper \
 && mkdir -p /data /images && chown bootkeeper:bootkeeper /data /images
COPY --from=build /src/target/quarkus-app /opt/bootkeeper/app
COPY --from=build /src/target/quarkus-app-pg /opt/bootkeeper/app-pg
COPY --from=loaders /bootloaders /opt/bootkeeper/bootloaders
COPY src/main/docker/entrypoint.sh /opt/bootkeeper/entrypoint.sh
USER bootkeeper
VOLUME ["/data", "/images"]
EXPOSE 8080/tcp 69/udp 67/udp 4011/udp 10809/tcp
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8080/q/health/ready || exit 1
ENTRYPOINT ["/opt/bootkeeper/entrypoint.sh"]

# Multi-stage build: a static thiduabot binary on a minimal non-root image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/thiduabot ./cmd/thiduabot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/thiduabot --create-home thiduabot \
 && mkdir -p /config /var/lib/thiduabot/data \
 && chown thiduabot /config /var/lib/thiduabot/data && chmod 0700 /var/lib/thiduabot/data
COPY --from=build /out/thiduabot /usr/local/bin/thiduabot
USER thiduabot
ENV TZ=Asia/Ho_Chi_Minh \
    THIDUA_CONFIG=/config \
    THIDUA_DATA=/var/lib/thiduabot/data \
    LISTEN_ADDR=:8080
VOLUME ["/config", "/var/lib/thiduabot/data"]
EXPOSE 8080
# Liveness: /healthz fails only when one of the bot's loops is stuck (a restart helps). Readiness
# (/readyz: the store answers) is for a load balancer, not for restarting. bash's /dev/tcp keeps the
# image free of curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${LISTEN_ADDR##*:} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" = 200 ]"]
ENTRYPOINT ["thiduabot"]
CMD ["run"]

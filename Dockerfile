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
ENTRYPOINT ["thiduabot"]
CMD ["run"]

# syntax=docker/dockerfile:1

# Build stage: the Go version must match the `go` directive in go.mod
# (compose_test.go checks this).
FROM golang:1.26-bookworm AS build
WORKDIR /src
# Dependencies first, so editing the sources does not invalidate this layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Static binary: the runtime image has no libc.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/mineralgraph .

# Runtime stage: no shell, no package manager, runs as uid 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mineralgraph /mineralgraph
USER nonroot
EXPOSE 8080
# The binary defaults to 127.0.0.1:8080, which is unreachable from outside a container.
ENV HTTP_ADDR=0.0.0.0:8080
ENTRYPOINT ["/mineralgraph"]
CMD ["serve"]

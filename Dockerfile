# Multi-stage build: compile in the Rust image, run from a distroless base with only libc.
# Size: about 45 MB (distroless/cc ≈ 23 MB + the stripped binary ≈ 15 MB + knowledge/ < 1 MB);
# estimated from the parts — the build machines have no Docker engine to measure the image.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
RUN cargo build --release --locked --bin report-bot \
    && strip target/release/report-bot

FROM gcr.io/distroless/cc-debian12
WORKDIR /app
COPY --from=build /src/target/release/report-bot /app/report-bot
COPY knowledge /app/knowledge
ENV KNOWLEDGE_DIR=/app/knowledge DATA_DIR=/app/data RUST_LOG=info
VOLUME ["/app/knowledge", "/app/data"]
ENTRYPOINT ["/app/report-bot"]
CMD ["run"]

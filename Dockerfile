# A small image that runs the bot as a non-root user, keeps its data in a volume and checks its health.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY brokers ./brokers
RUN pip wheel --no-cache-dir --constraint constraints.txt --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app --create-home bot \
    && mkdir /data && chown bot /data
COPY --from=build /wheels /wheels
COPY constraints.txt /tmp/constraints.txt
RUN pip install --no-cache-dir --no-index --find-links /wheels --constraint /tmp/constraints.txt data-deletion-bot \
    && rm -rf /wheels /tmp/constraints.txt
ENV DATA_DIR=/data WEB_HOST=0.0.0.0 WEB_PORT=8080 PYTHONUNBUFFERED=1
VOLUME ["/data"]
WORKDIR /app
USER bot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]

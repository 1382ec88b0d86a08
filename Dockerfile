# A small image that runs the bot as a non-root user, keeps its data in a volume and checks its health.
# The layers go from what changes least to what changes most: the dependencies are built and installed
# from pyproject.toml and constraints.txt alone, so a change of code rebuilds only the last layers.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip wheel --no-cache-dir --constraint constraints.txt --wheel-dir /deps --requirement requirements.txt \
    && cp requirements.txt constraints.txt /deps/
COPY README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY brokers ./brokers
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /app .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app --create-home bot \
    && mkdir /data && chown bot /data
COPY --from=build /deps /deps
RUN pip install --no-cache-dir --no-index --find-links /deps --constraint /deps/constraints.txt \
        --requirement /deps/requirements.txt \
    && rm -rf /deps
COPY --from=build /app /wheel
RUN pip install --no-cache-dir --no-index --no-deps /wheel/*.whl && rm -rf /wheel
ENV DATA_DIR=/data WEB_HOST=0.0.0.0 WEB_PORT=8080 PYTHONUNBUFFERED=1
VOLUME ["/data"]
WORKDIR /app
USER bot
EXPOSE 8080
# Asks the port the bot was configured with (WEB_PORT, from the image, `-e` or an env file).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('WEB_PORT', '8080'), timeout=4)"]
# In a container the server must listen on all interfaces and the data belong in the volume: `env` sets
# both after an env file's values (a .env written for running on the host says 127.0.0.1 and ./data).
ENTRYPOINT ["env", "WEB_HOST=0.0.0.0", "DATA_DIR=/data", "python", "-m", "bot"]
CMD ["run"]

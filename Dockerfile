# Closer in Telegram. Build: docker build -t closer .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=... -v closer-data:/data closer

# Stage 1: Closer's wheel, with the statement analyzer compiled to C by mypyc (CLOSER_COMPILE=1,
# see setup.py): it reads a statement about twice as fast as the plain Python one.
FROM python:3.11-slim AS wheel
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY build_backend ./build_backend
COPY dialogs ./dialogs
COPY bot ./bot
COPY content ./content
RUN CLOSER_COMPILE=1 pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# Stage 2: what runs. The same Python as stage 1 (the compiled modules are built for it), without
# the compiler.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/closer.db

RUN useradd --create-home --uid 10001 closer \
    && mkdir /data && chown closer:closer /data

WORKDIR /home/closer
COPY --from=wheel /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels

USER closer
VOLUME ["/data"]
# Migrations run at start-up; SIGTERM stops polling and closes the database cleanly.
CMD ["python", "-m", "bot"]

# Closer in Telegram. Build: docker build -t closer .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=... -v closer-data:/data closer
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/closer.db

RUN useradd --create-home --uid 10001 closer \
    && mkdir /data && chown closer:closer /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY dialogs ./dialogs
COPY bot ./bot
COPY content ./content
RUN pip install .

USER closer
VOLUME ["/data"]
# Migrations run at start-up; SIGTERM stops polling and closes the database cleanly.
CMD ["python", "-m", "bot"]

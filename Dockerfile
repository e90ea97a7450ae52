# The Winnow pipeline image: the same pinned environment as `make install`.
FROM python:3.11-slim
ENV DO_NOT_TRACK=1 GX_ANALYTICS_ENABLED=false PREFECT_SERVER_ANALYTICS_ENABLED=false \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
RUN pip install --no-deps --no-build-isolation -e . && useradd --uid 1000 winnow && chown -R winnow /app
USER winnow
ENTRYPOINT ["winnow"]
CMD ["serve", "--cron", "0 * * * *"]

# The Winnow pipeline image: the same pinned environment as `make install`, with the parser
# compiled by mypyc (setup.py, WINNOW_MYPYC=1): the build bench/ measures and
# tests/test_compiled_build.py checks against the sources.
FROM python:3.11-slim
ENV DO_NOT_TRACK=1 GX_ANALYTICS_ENABLED=false PREFECT_SERVER_ANALYTICS_ENABLED=false \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1 \
    WINNOW_DBT_DIR=/app/dbt WINNOW_EXPECTATIONS=/app/expectations
WORKDIR /app
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY . .
# gcc is needed for this step only; the installed package must hold the compiled parser.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && WINNOW_MYPYC=1 pip install --no-deps --no-build-isolation . \
    && apt-get purge -y --auto-remove gcc libc6-dev && rm -rf /var/lib/apt/lists/* build ./*.egg-info \
    && cd / && python -c "import winnow.metrics as m; assert m.__file__.endswith('.so'), m.__file__" \
    && useradd --uid 1000 winnow && chown -R winnow /app
USER winnow
ENTRYPOINT ["winnow"]
CMD ["serve", "--cron", "0 * * * *"]

"""Superset settings for the compose stack; the secret comes from the environment only."""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:////app/superset_home/superset.db"
# Connect Winnow in Superset with this SQLAlchemy URI (the file is mounted read-only):
#   duckdb:////warehouse/winnow.duckdb?access_mode=read_only
PREVENT_UNSAFE_DB_CONNECTIONS = False

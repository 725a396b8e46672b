"""Decodes the chart's connection URLs with the parsers the application itself uses: SQLAlchemy
(DATABASE_URL), redis-py (REDIS_URL, CELERY_RESULT_BACKEND), kombu (CELERY_BROKER_URL) and yarl,
through which aio_pika reads RABBITMQ_URL.

Reads {"DATABASE_URL": ..., "REDIS_URL": ..., ...} as JSON on stdin and prints, for each, the
user, password, host, port and database those parsers see. DATABASE_URL is also read the way
the migrations Job hands it to Alembic (% doubled, then through Alembic's ConfigParser).
"""
import json
import sys

from alembic.config import Config
from kombu.utils.url import url_to_parts
from redis.connection import parse_url
from sqlalchemy.engine import make_url
from yarl import URL


def sqlalchemy_parts(url):
    parsed = make_url(url)
    return {"user": parsed.username, "password": parsed.password, "host": parsed.host, "port": parsed.port, "database": parsed.database}


def through_alembic(url):
    config = Config()
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return sqlalchemy_parts(config.get_main_option("sqlalchemy.url"))


def redis_parts(url):
    parsed = parse_url(url)
    return {"user": parsed.get("username"), "password": parsed.get("password"), "host": parsed.get("host"), "port": parsed.get("port"), "database": parsed.get("db")}


def kombu_parts(url):
    parsed = url_to_parts(url)
    return {"user": parsed.username, "password": parsed.password, "host": parsed.hostname, "port": parsed.port, "database": parsed.path}


def yarl_parts(url):
    parsed = URL(url)
    return {"user": parsed.user, "password": parsed.password, "host": parsed.host, "port": parsed.port, "database": parsed.path}


urls = json.load(sys.stdin)
decoded = {}
for name, url in urls.items():
    if name == "DATABASE_URL":
        decoded[name] = sqlalchemy_parts(url)
        decoded["DATABASE_URL via Alembic"] = through_alembic(url)
    elif name in ("REDIS_URL", "CELERY_RESULT_BACKEND"):
        decoded[name] = redis_parts(url)
    elif name == "RABBITMQ_URL":
        # order-service hands it to aio_pika, which parses it with yarl.
        decoded[name] = yarl_parts(url)
    else:
        decoded[name] = kombu_parts(url)
json.dump(decoded, sys.stdout)

"""How DATABASE_URL becomes Django's database settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from triggerpoint.site.settings import _database


def test_postgresql_connections_give_up_after_five_seconds_by_default():
    config = _database("postgres://postgres@db.example:5432/clinic")
    assert config["OPTIONS"]["connect_timeout"] == 5


def test_a_connect_timeout_in_the_url_wins():
    config = _database("postgres://postgres@db.example:5432/clinic?connect_timeout=1")
    assert config["OPTIONS"]["connect_timeout"] == 1


def test_sqlite_takes_no_network_timeout():
    assert "connect_timeout" not in _database("sqlite:////tmp/clinic.sqlite3").get("OPTIONS", {})


def test_an_unreadable_url_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL cannot be read"):
        _database("nosuchengine://x")

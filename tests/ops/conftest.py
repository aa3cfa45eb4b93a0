"""Fixtures of the operations tests."""

import pytest

from tests.topology.servers import Redis


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    """A real redis-server for the tests of one module (Debian's, from `make install-test`)."""
    server = Redis(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()

import pytest

from readership import counter


@pytest.fixture(autouse=True)
def empty_view_buffer():
    """Each test starts and ends with no counted views waiting in this process's buffer."""
    counter.take_pending()
    yield
    counter.take_pending()

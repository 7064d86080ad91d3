import pytest

from tests.helpers import make_item


@pytest.fixture
def item() -> dict[str, str]:
    return make_item()

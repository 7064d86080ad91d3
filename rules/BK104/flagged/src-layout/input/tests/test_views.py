import pytest
from freezegun import freeze_time

from inventory.app import create_app
from tests.factories import ItemFactory


@pytest.fixture
def client():
    return create_app().test_client()


@freeze_time("2024-01-01")
def test_prices_needs_since(client) -> None:
    assert ItemFactory()["name"].startswith("item-")

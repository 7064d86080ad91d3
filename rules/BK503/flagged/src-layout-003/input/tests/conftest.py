import pytest

from myapp.main import app


@pytest.fixture
def application():
    return app

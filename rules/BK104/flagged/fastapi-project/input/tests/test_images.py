import pytest

from app.services.images import thumbnail


def test_thumbnail_rejects_garbage() -> None:
    with pytest.raises(OSError):
        thumbnail(b"not an image")

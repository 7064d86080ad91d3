import io

from PIL import Image


def thumbnail(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.thumbnail((128, 128))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()

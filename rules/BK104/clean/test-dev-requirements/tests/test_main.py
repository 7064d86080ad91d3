import httpx
import pytest
import respx

from app.main import app


@pytest.mark.anyio
@respx.mock
async def test_app_answers() -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/missing")).status_code == 404

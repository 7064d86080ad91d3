import httpx

from app.core.config import settings


async def charge(amount: int) -> dict[str, object]:
    async with httpx.AsyncClient(base_url="https://payments.example") as client:
        response = await client.post("/charges", json={"amount": amount})
        response.raise_for_status()
        return response.json()

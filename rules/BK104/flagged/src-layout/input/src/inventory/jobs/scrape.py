from datetime import datetime

import requests
from bs4 import BeautifulSoup


def fetch_prices(since: datetime) -> list[str]:
    page = requests.get("https://prices.example", params={"since": since.isoformat()}, timeout=10)
    soup = BeautifulSoup(page.text, "html.parser")
    return [cell.text for cell in soup.select("td.price")]

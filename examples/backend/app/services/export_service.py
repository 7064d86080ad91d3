import yaml
from sqlalchemy.orm import Session

from app.models.item import Item


def export_items(db: Session) -> str:
    items = db.query(Item).order_by(Item.id).all()
    return yaml.safe_dump(
        [
            {"id": item.id, "title": item.title, "price": str(item.price)}
            for item in items
        ],
        sort_keys=False,
    )

from sqlalchemy.orm import Session

from app.models import Item
from app.schemas.item import ItemCreate


def create_item(db: Session, owner_id: int, data: ItemCreate) -> Item:
    item = Item(title=data.title, owner_id=owner_id)
    db.add(item)
    db.commit()
    return item

from typing import TYPE_CHECKING

from app import db

if TYPE_CHECKING:
    from app.services import Mailer


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)

    def notify(self, mailer: "Mailer") -> None:
        mailer.send(self.id)

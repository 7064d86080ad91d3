from flask import abort, request, session

from app.models import User


class Mailer:
    def send(self, user_id: int) -> None:
        if "user" not in session:
            abort(401)
        print(User, user_id, request.path)

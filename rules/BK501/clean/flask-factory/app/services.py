from app.models import User


class Mailer:
    def send(self, user_id: int) -> None:
        print(User, user_id)

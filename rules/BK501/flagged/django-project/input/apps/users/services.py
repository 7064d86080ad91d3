from django.core.mail import send_mail

from apps.users.models import User


def welcome(user: User) -> None:
    send_mail("Welcome", f"Hello {user.display_name}", None, [user.email])

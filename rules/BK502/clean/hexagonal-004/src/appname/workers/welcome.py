import dramatiq

from appname.bootstrap import create_services
from appname.domain.models import Email


@dramatiq.actor
def register_from_queue(address: str) -> None:
    create_services().register(Email(address))

from appname.domain.models import Email, User
from appname.domain.services import SignupService


class MemoryStore:
    def __init__(self):
        self.users = {}

    def find(self, email):
        return self.users.get(email)

    def add(self, email):
        self.users[email] = User(len(self.users) + 1, email)
        return self.users[email]


def test_register():
    assert SignupService(MemoryStore()).register(Email("a@b.c")).id == 1

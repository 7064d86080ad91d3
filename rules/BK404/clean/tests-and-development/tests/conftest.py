SECRET_KEY = "test-secret"


def make_user(client):
    return client.post("/users", json={"email": "a@example.com"}, password="hunter2")

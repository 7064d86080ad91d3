import sqlite3

import psycopg


def rows(path: str):
    connection = sqlite3.connect(path)
    cursor = connection.cursor()
    cursor.execute("SELECT id FROM users")
    connection.execute("DELETE FROM sessions")
    return cursor.fetchall()


def postgres(dsn: str):
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT 1")


def select(items):
    return [item for item in items if item]


choices = select([1, 0, 2])

"""Run as `python scripts/seed.py`: its folder is on sys.path, so `fixtures` is local."""

import fixtures

from inventory.app import create_app, db

with create_app().app_context():
    db.session.add_all(fixtures.ITEMS)
    db.session.commit()

"""Create users.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("users", sa.Column("name", sa.String(100)))
    op.execute("UPDATE users SET name = email")


def downgrade() -> None:
    op.drop_column("users", "name")
    op.drop_table("users")

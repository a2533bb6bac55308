"""Replicas on one PostgreSQL: each inbox row names whose update it is, so a replica can see
whether an earlier update of the same person is still waiting elsewhere, and which replica
holds it, so the others see at once when that one died (bot.delivery.election); and on PostgreSQL a
new outbox row wakes the deployment's one sender with NOTIFY (bot.delivery.election), fired by
the database itself at commit, so no writer of the outbox can forget it.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The channel bot.delivery.election listens on; the payload is the row's priority, so a reply
# (0) wakes the sender's reply lane. NOTIFY sends one message per channel and payload per
# transaction, however many rows it wrote.
NOTIFY = (
    """
    CREATE FUNCTION closer_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('closer_outbox', NEW.priority::text);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
        FOR EACH ROW EXECUTE FUNCTION closer_outbox_notify()
    """,
)


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("person", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("leased_by", sa.BigInteger(), nullable=True))
    op.create_index("inbox_person", "inbox", ["person", "update_id"])
    if op.get_bind().dialect.name == "postgresql":
        for statement in NOTIFY:  # one at a time: asyncpg prepares each statement alone
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER outbox_notify ON outbox")
        op.execute("DROP FUNCTION closer_outbox_notify()")
    op.drop_index("inbox_person", "inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("leased_by")
        batch.drop_column("person")

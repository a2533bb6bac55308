"""The inbox's rows are leased to the process handling them: with several replicas taking
webhooks on one database, one replica's look at the inbox (at start, for a retry, or for what a
killed replica left) must not take the updates another is handling now.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.tables import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("leased_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("leased_until")

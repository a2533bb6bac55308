"""Partner mode: pairs, their members, invite links (hashed) and each round's statements.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.tables import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _user(primary_key: bool = False, index: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "user_id",
        sa.BigInteger(),
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=primary_key,
        index=index,
        nullable=False,
    )


def _pair(primary_key: bool = False, index: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "pair_id",
        sa.Integer(),
        sa.ForeignKey("pairs.id", ondelete="CASCADE"),
        primary_key=primary_key,
        index=index,
        nullable=False,
    )


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("in_pair", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "pairs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("level_rounds", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("round_opened", sa.Date(), nullable=False),
        sa.Column("prompt", sa.String(64), nullable=False),
        sa.Column("paused_by", sa.BigInteger(), nullable=True),
    )
    op.create_table(
        "pair_members",
        _user(primary_key=True),
        _pair(index=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.Column("answer_step", sa.String(8), nullable=True),
        sa.Column("answer_round", sa.Integer(), nullable=True),
        sa.Column("answered_round", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "pair_invites",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        _user(index=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "pair_notes",
        _pair(primary_key=True),
        sa.Column("round", sa.Integer(), primary_key=True),
        _user(primary_key=True, index=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("in_pair")
    for table in ("pair_notes", "pair_invites", "pair_members", "pairs"):
        op.drop_table(table)

"""Group challenges: circles, members, check-ins, shares, the outbox; aliases and share drafts.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _person_keys() -> list[sa.Column]:  # type: ignore[type-arg]
    """The (circle, person) pair that members, check-ins and shares hang off."""
    return [
        sa.Column(
            "circle_id",
            sa.Integer(),
            sa.ForeignKey("circles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "user_id",
            sa.BigInteger(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    ]


def upgrade() -> None:
    op.add_column("users", sa.Column("alias", sa.String(length=32), nullable=True))
    op.add_column("users", sa.Column("share_step", sa.String(length=8), nullable=True))
    op.add_column("users", sa.Column("share_draft", sa.Text(), nullable=True))
    op.create_table(
        "circles",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(length=16), nullable=False, unique=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False, index=True),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("template", sa.String(length=24), nullable=False),
        sa.Column("at_local", sa.String(length=5), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("next_post_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("sharing", sa.Boolean(), nullable=False),
        sa.Column("board_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "circle_members",
        *_person_keys(),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("facilitator", sa.Boolean(), nullable=False),
        sa.Column("nudges", sa.Boolean(), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
    )
    op.create_table("checkins", *_person_keys(), sa.Column("day", sa.Integer(), primary_key=True))
    op.create_table(
        "shares",
        *_person_keys(),
        sa.Column("day", sa.Integer(), primary_key=True),
        sa.Column("shared_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "circle_id",
            sa.Integer(),
            sa.ForeignKey("circles.id", ondelete="CASCADE"),
            nullable=True,
            index=True,
        ),
        sa.Column(
            "user_id",
            sa.BigInteger(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=True,
            index=True,
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("buttons", sa.JSON(), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("leased_until", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True, index=True),
        sa.Column("result", sa.String(length=8), nullable=True),
    )


def downgrade() -> None:
    for table in ("outbox", "shares", "checkins", "circle_members", "circles"):
        op.drop_table(table)
    for column in ("share_draft", "share_step", "alias"):
        op.drop_column("users", column)

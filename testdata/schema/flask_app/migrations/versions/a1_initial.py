"""initial"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "orgs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(True), nullable=False),
        sa.Column("updated_at", sa.DateTime(True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.rename_table("orgs", "organizations")
    op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("organizations")

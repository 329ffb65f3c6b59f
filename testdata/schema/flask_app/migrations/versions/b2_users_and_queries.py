"""users and queries (the file name sorts first; the revision runs second)"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("mail", sa.String(320), nullable=False),
        sa.Column("created_at", sa.DateTime(True), nullable=False),
        sa.Column("updated_at", sa.DateTime(True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "queries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(True), nullable=False),
        sa.Column("updated_at", sa.DateTime(True), nullable=True),
    )
    op.create_foreign_key("queries_user_fk", "queries", "users", ["user_id"], ["id"])


def downgrade():
    op.drop_table("queries")
    op.drop_table("users")

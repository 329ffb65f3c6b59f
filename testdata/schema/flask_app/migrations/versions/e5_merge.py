"""merge c3 and d4; then the cache table"""
from alembic import op
import sqlalchemy as sa

revision = "e5"
down_revision = ("c3", "d4")


def upgrade():
    op.create_table(
        "query_result_http_cache",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("query_id", sa.Integer(), nullable=False),
    )
    op.create_foreign_key("cache_query_fk", "query_result_http_cache", "queries", ["query_id"], ["id"])
    op.create_table(
        "token2FA",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("total", sa.Numeric(10, 2), nullable=False),
    )
    for table in ["users", "queries"]:
        op.add_column(table, sa.Column("note", sa.Text()))
    op.drop_column("users", "note")
    op.drop_column("queries", "note")


def downgrade():
    pass

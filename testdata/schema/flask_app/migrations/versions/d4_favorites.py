"""favorites and the HTTP cache, on another branch of b2"""
from alembic import op
import sqlalchemy as sa

revision = "d4"
down_revision = "b2"


def upgrade():
    op.create_table(
        "favorites",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("query_id", sa.Integer(), primary_key=True),
    )
    op.create_foreign_key(None, "favorites", "queries", ["query_id"], ["id"])
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("mail", new_column_name="email")
        batch_op.drop_constraint("users_org_id_fkey", type_="foreignkey")
        batch_op.create_foreign_key("users_org_fk", "organizations", ["org_id"], ["id"])


def downgrade():
    op.drop_table("favorites")

"""events, on a branch of b2"""
from alembic import op
import sqlalchemy as sa

revision = "c3"
down_revision = "b2"


def upgrade():
    op.execute(
        """
        CREATE TABLE events (id SERIAL PRIMARY KEY, kind VARCHAR(32) NOT NULL, ip VARCHAR(64));
        CREATE TABLE audit_event (id INTEGER PRIMARY KEY REFERENCES events(id), detail TEXT NOT NULL);
        """
    )
    op.drop_table("scratch")


def downgrade():
    op.drop_table("events")

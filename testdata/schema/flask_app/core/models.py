from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import relationship

from .base import Column, TimestampMixin, db, primary_key

# Association table: no model class.
favorites = db.Table(
    "favorites",
    db.Column("user_id", db.Integer, db.ForeignKey("users.id"), primary_key=True),
    db.Column("query_id", db.Integer, ForeignKey("queries.id"), primary_key=True),
)


class Organization(TimestampMixin, db.Model):
    __tablename__ = "organizations"
    id = primary_key()
    name = Column(db.String(255))


class User(TimestampMixin, db.Model):
    __tablename__ = "users"
    id = primary_key()
    org_id = Column(db.Integer, db.ForeignKey("organizations.id"))
    email = Column(db.String(320), unique=True)
    org = relationship(Organization, backref="users")


class Query(TimestampMixin, db.Model):
    __tablename__ = "queries"
    id = primary_key()
    query_text = Column("query", db.Text)
    user_id = Column(db.Integer, ForeignKey(User.id))
    __table_args__ = (UniqueConstraint("user_id", "query"),)


class QueryResultHTTPCache(db.Model):
    # No __tablename__: Flask-SQLAlchemy 2.x names it query_result_http_cache.
    id = primary_key()
    query_id = Column(db.Integer, db.ForeignKey("queries.id"))


class Event(db.Model):
    __tablename__ = "events"
    id = primary_key()
    kind = Column(db.String(32))
    __mapper_args__ = {"polymorphic_on": kind}


class LoginEvent(Event):
    # Single-table inheritance: no primary key of its own → `events`.
    __mapper_args__ = {"polymorphic_identity": "login"}
    ip = Column(db.String(64), nullable=True)


class AuditEvent(Event):
    # Joined-table inheritance: its own primary key, a key to the parent.
    id = Column(db.Integer, db.ForeignKey("events.id"), primary_key=True)
    detail = Column(db.Text)


class Token2FA(db.Model):
    # Flask-SQLAlchemy 2.x: `token2FA` (3.x would say `token2_fa`).
    id = primary_key()
    user_id = Column(db.Integer, db.ForeignKey("users.id"))

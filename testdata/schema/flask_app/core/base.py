"""Hand-written fixture: Flask-SQLAlchemy 2.x setup, a nullable=False
column alias and a primary-key helper (as redash does)."""
import functools

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()

Column = functools.partial(db.Column, nullable=False)


def primary_key():
    return Column(db.Integer, primary_key=True)


class TimestampMixin:
    created_at = Column(db.DateTime(True))
    updated_at = Column(db.DateTime(True), nullable=True)

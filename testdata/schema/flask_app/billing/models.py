from core.base import Column, db, primary_key


class Invoice(db.Model):
    __tablename__ = "invoices"
    id = primary_key()
    user_id = Column(db.Integer, db.ForeignKey("users.id"))
    total = Column(db.Numeric(10, 2))

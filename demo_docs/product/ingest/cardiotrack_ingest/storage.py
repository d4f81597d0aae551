"""Persistence of ECG records and the audit trail (wrapper of SQLAlchemy)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, LargeBinary, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Session


class Base(DeclarativeBase):
    pass


class Recording(Base):
    __tablename__ = "recordings"
    id = Column(Integer, primary_key=True)
    patient = Column(String(64), nullable=False)
    recorded_at = Column(DateTime(timezone=True), nullable=False)
    samples = Column(LargeBinary, nullable=False)


def session(url: str) -> Session:
    return Session(create_engine(url))

"""Column types shared by the till's and the gateway's databases.

Decimals are stored as integers of their smallest unit (money in cents, quantities in
thousandths...): exact on every engine, including SQLite, which has no decimal type. The
conversion refuses to drop a digit. Times are aware UTC outside, naive UTC inside.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def to_units(value: Decimal, scale: int) -> int:
    """``value`` as an integer count of 1/scale; refuses to drop digits."""
    scaled = value * scale
    units = int(scaled)
    if units != scaled:
        raise ValueError(f"{value} has more precision than 1/{scale}")
    return units


def from_units(units: int, scale: int) -> Decimal:
    """``units`` of 1/scale as a Decimal with as many places as the scale has zeros."""
    return Decimal(units).scaleb(-len(str(scale)) + 1)


class _Scaled(TypeDecorator[Decimal]):
    impl = sa.BigInteger
    cache_ok = True
    scale = 100

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> int | None:
        return None if value is None else to_units(Decimal(value), self.scale)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        return None if value is None else from_units(int(value), self.scale)


class Money(_Scaled):
    cache_ok = True
    scale = 100


class Quantity(_Scaled):
    cache_ok = True
    scale = 1000


class UnitPrice(_Scaled):
    """A price per unit or per kg: up to four decimals."""

    cache_ok = True
    scale = 10000


class Rate(_Scaled):
    """A percentage with two decimals (5.5 % -> 550)."""

    cache_ok = True
    scale = 100


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes stored as naive UTC (portable across SQLite and servers)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)

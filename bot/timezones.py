"""Finding a time zone from what a person types ("Berlin", "new york", "Europe/Paris", "UTC"),
and the country a zone belongs to (for the crisis lines that fit where they are)."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones


def _key(text: str) -> str:
    """'São Paulo', 'sao_paulo', 'Sao-Paulo' -> 'sao paulo'."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").replace("-", " ").replace(".", " ").split())


@cache
def _zones() -> tuple[dict[str, str], dict[str, str]]:
    """(full zone names, city part of zone names), both keyed by _key()."""
    full: dict[str, str] = {}
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        full[_key(name)] = name
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(_key(name.rsplit("/", 1)[1]), name)
    return full, cities


def find_zone(place: str, extra_cities: dict[str, str]) -> ZoneInfo | None:
    """A zone by IANA name, by the city in a zone's name, or by the content's city list."""
    key = _key(place)
    if not key:
        return None
    full, cities = _zones()
    name = full.get(key) or cities.get(key) or extra_cities.get(key)
    return ZoneInfo(name) if name else None


@cache
def _zone_countries() -> dict[str, str]:
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    found = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coords, zone, *_ = line.split("\t")
            found[zone] = code
    return found


def country_of(zone_name: str | None) -> str | None:
    """ISO country code of a zone ('Europe/Berlin' -> 'DE'); None for UTC or unknown."""
    return _zone_countries().get(zone_name or "")

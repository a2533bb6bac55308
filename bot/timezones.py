"""Finding a time zone from what a person types ("Berlin", "new york", "Europe/Paris", "UTC"),
and the country a zone belongs to (for the crisis lines that fit where they are)."""

from __future__ import annotations

import re
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


_OFFSET = re.compile(r"^(?:utc|gmt)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?00)?$")


def find_zone(place: str, extra_cities: dict[str, str]) -> ZoneInfo | None:
    """A zone by IANA name, by the city in a zone's name, or by the content's city list; an
    offset ("GMT+2", "utc-5"); or a city with its country after it ("berlin germany")."""
    key = _key(place.replace(",", " "))
    if not key:
        return None
    offset = _OFFSET.match("".join(place.casefold().split()))
    if offset and int(offset["h"]) <= 14:
        # Etc/GMT zones count the other way: UTC+2 is Etc/GMT-2.
        sign = "-" if offset["sign"] == "+" else "+"
        return ZoneInfo(f"Etc/GMT{sign}{int(offset['h'])}" if int(offset["h"]) else "Etc/UTC")
    words = key.split()
    for size in range(len(words), 0, -1):  # the longest run of words that names a place
        for start in range(len(words) - size + 1):
            name = _named(" ".join(words[start : start + size]), extra_cities)
            if name:
                return ZoneInfo(name)
    return None


def zone_label(name: str) -> str:
    """How a zone is shown: 'Europe/Berlin' as it is, 'Etc/GMT-2' as 'UTC+2' (Etc zones count
    the other way round, which would only confuse)."""
    if not name.startswith("Etc/GMT") or name == "Etc/GMT":
        return name
    hours = name.removeprefix("Etc/GMT")
    return f"UTC{'+' if hours.startswith('-') else '-'}{hours[1:]}"


def _named(key: str, extra_cities: dict[str, str]) -> str | None:
    full, cities = _zones()
    return full.get(key) or cities.get(key) or extra_cities.get(key)


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

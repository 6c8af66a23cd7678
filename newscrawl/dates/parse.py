"""One raw date string -> a :class:`Stamp` (what the string says, nothing more).

Two kinds of input:

* machine strings from JSON-LD, meta tags, ``<time datetime>``, sitemaps:
  ISO 8601 in its many real-world spellings, RFC 2822, Unix epoch —
  :func:`parse_machine`, a fast path with no dateparser call;
* short spans of visible text found by :mod:`.spans` ("02 December 2024 11:36",
  "Nov. 8, 2023, 10:28 p.m. ET", "vor 2 Stunden") — :func:`parse_text`: numeric days and
  "day month-name year" in a known language are read here, with dateparser's own month
  names; the rest goes to dateparser (cached, languages restricted). The clock and zone are
  read here so that we know exactly what the page gave (seconds? offset?).

A :class:`Stamp` keeps the wall time and the offset apart; turning it into a
:class:`~.model.DateValue` (site zone, precision, ISO form) is :func:`to_value`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parsedate_tz
from functools import lru_cache
from zoneinfo import ZoneInfo

from .model import DateValue
from .. import data

UTC = timezone.utc


@dataclass(frozen=True)
class Stamp:
    """What a date string states: a day, maybe a wall-clock time, maybe an offset."""

    day: date | None = None
    clock: time | None = None  # wall time in the publisher's zone (no tzinfo)
    seconds: bool = False  # the string gave seconds
    offset: timedelta | None = None  # UTC offset the string gave
    ago: timedelta | None = None  # a relative phrase ("3 hours ago"); day/clock are unset
    ago_days: bool = False  # the phrase counts whole days ("yesterday", "3 days ago")

    def instant(self) -> datetime | None:
        """The UTC instant, when both the clock and the offset are known."""
        if self.day is None or self.clock is None or self.offset is None:
            return None
        return datetime.combine(self.day, self.clock, timezone(self.offset)).astimezone(UTC)

    def wall(self) -> datetime | None:
        return datetime.combine(self.day, self.clock) if self.day and self.clock else None

    def with_offset(self, offset: timedelta) -> "Stamp":
        return replace(self, offset=offset)


# --- data -------------------------------------------------------------------------
def words() -> dict:
    return data.toml("dates/words.toml")


def _zone_offset(name: str, day: date, clock: time) -> timedelta | None:
    spec = words()["zones"].get(name.lower())
    if spec is None:
        return None
    if spec[0] in "+-":
        return _offset(spec)
    return datetime.combine(day, clock, ZoneInfo(spec)).utcoffset()


def _offset(raw: str) -> timedelta | None:
    raw = raw.strip()
    if raw.upper() in ("Z", "UTC", "GMT"):
        return timedelta(0)
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", raw, re.I)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return -delta if m.group(1) == "-" else delta


# --- machine strings ----------------------------------------------------------------
_ISO = re.compile(
    r"(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})"  # day
    r"(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?"  # clock
    r"\s*(Z|UTC|GMT|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?)?",  # offset
    re.I,
)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")


def parse_machine(raw: str) -> Stamp | None:
    """An ISO 8601 / RFC 2822 / epoch string, as JSON-LD, meta tags and sitemaps write them."""
    raw = raw.strip()
    m = _ISO.fullmatch(raw)
    if m:
        return _stamp(*m.groups())
    if _EPOCH.fullmatch(raw):
        secs = int(raw[:10])
        at = datetime.fromtimestamp(secs, UTC)
        return Stamp(at.date(), at.time(), True, timedelta(0))
    parts = parsedate_tz(raw) if re.search(r"\d{1,2}:\d{2}", raw) and re.search(r"[A-Za-z]", raw) else None
    if parts and 1900 < parts[0]:
        try:
            day = date(*parts[:3])
            clock = time(*parts[3:6])
        except ValueError:
            return None
        offset = timedelta(seconds=parts[9]) if parts[9] is not None else None
        if offset is None and re.search(r"\b(?:UTC|GMT)\b", raw):
            offset = timedelta(0)
        return Stamp(day, clock, True, offset)
    return None


def _stamp(y, mo, d, h, mi, s, off) -> Stamp | None:
    try:
        day = date(int(y), int(mo), int(d))
        clock = time(int(h), int(mi), int(s or 0)) if h is not None else None
    except ValueError:
        return None
    offset = _offset(off) if off else None
    if off and offset is None:
        return None
    if clock is None:
        return Stamp(day)
    return Stamp(day, clock, s is not None, offset)


# --- visible text ----------------------------------------------------------------------
# a clock, optionally with am/pm and a zone: "11:36", "1:34 pm", "10:28 p.m. ET", "15.23 Uhr", "15h30", "21時37分"
CLOCK = re.compile(
    r"(?<![\d.:])([01]?\d|2[0-3])(?::|h(?=\d{2})|\.(?=\d{2}\s*(?:Uhr|h)\b)|\s*[時时시]\s*)([0-5]\d)[分분]?(?::([0-5]\d))?(?![\d:])"
    r"(?:\s*([ap])\.?\s?m\b\.?)?"
    r"(?:\s*(?:Uhr|h)\b)?"
    r"(?:\s*\(?((?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[A-ZМСК]{1,4}T?)\)?(?![\w]))?",
    re.I,
)
_NUMERIC_YMD = re.compile(r"((?:19|20)\d{2})[-/.]\s?(\d{1,2})[-/.]\s?(\d{1,2})(?!\d)")
_NUMERIC_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2}|\d{2})(?![\d])")
_NUMERIC_SLASHED = re.compile(r"(\d{1,2})\s?([/-])\s?(\d{1,2})\s?\2\s?((?:19|20)\d{2}|\d{2})")


def read_clock(text: str, languages: tuple[str, ...] = ()) -> tuple[time, bool, str | None] | None:
    """The first clock in ``text``: (time, seconds given?, zone string or None)."""
    m = CLOCK.search(text)
    if not m:
        return None
    hour, minute, sec, ampm, zone = m.groups()
    hour = int(hour)
    if not ampm:  # "09:22 مساءً", "3:15 nachm.": the language's own word for pm
        ampm = _meridiem(text[m.end():], languages)
    if ampm:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    if zone and not zone.isupper() and not re.match(r"[+-]|UTC|GMT", zone, re.I):
        zone = None  # "et", "pt" in running text: words, not zones
    return time(hour, int(minute), int(sec or 0)), sec is not None, zone


def _meridiem(after: str, languages: tuple[str, ...]) -> str | None:
    m = re.match(r"\s*([^\W\d_][^\s\d]*)", after)
    if not m or not languages:
        return None
    word = _bare(m.group(1))
    am, pm = _meridiem_words(languages)
    return "p" if word in pm else "a" if word in am else None


@lru_cache(maxsize=64)
def _meridiem_words(languages: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """dateparser's words for am and pm in these languages (not English: CLOCK reads am/pm)."""
    from dateparser.languages.loader import default_loader

    am: set[str] = set()
    pm: set[str] = set()
    for code in languages:
        if code == "en":
            continue
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        am.update(_bare(w) for w in info.get("am", []))
        pm.update(_bare(w) for w in info.get("pm", []))
    return frozenset(am), frozenset(pm)


def _bare(word: str) -> str:
    """Lower case, without combining marks and trailing dots ("مساءً" -> "مساء", "nachm." -> "nachm")."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch)).rstrip(".")


def parse_text(day_text: str, clock_text: str, languages: tuple[str, ...],
               month_first: bool | None = None) -> Stamp | None:
    """A visible date: ``day_text`` names the day, ``clock_text`` (maybe empty) holds its clock;
    ``month_first`` says how the page writes "02/11/2023" (None: as its language does)."""
    day = read_day(day_text, languages, month_first)
    if day is None:
        return None
    found = read_clock(clock_text, languages) if clock_text else None
    if not found:
        return Stamp(day)
    clock, seconds, zone = found
    offset = None
    if zone:
        offset = _offset(zone)
        if offset is None:
            offset = _zone_offset(zone, day, clock)
    return Stamp(day, clock, seconds, offset)


def read_day(text: str, languages: tuple[str, ...], month_first: bool | None = None) -> date | None:
    """The day a short date text names; numeric forms directly, the rest through dateparser.

    Dotted D.M.Y is always day first. Slashed or dashed "02/11/2023" is settled by a number
    above 12, else by ``month_first`` (the page's locale, :mod:`.order`), else by the language:
    English month first, the others day first. A two-digit year is 20yy below 70, else 19yy."""
    text = text.strip()
    m = _NUMERIC_YMD.fullmatch(text)
    if m:
        return _date(m.group(1), m.group(2), m.group(3))
    m = _NUMERIC_DMY.fullmatch(text)
    if m:
        return _date(_full_year(m.group(3)), m.group(2), m.group(1))
    m = _NUMERIC_SLASHED.fullmatch(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(3)), _full_year(m.group(4))
        if month_first is None:
            month_first = not languages or languages[0] == "en"
        if a > 12 or (b <= 12 and not month_first):
            return _date(year, b, a)
        return _date(year, a, b)
    return _named_month_day(text, languages) or _dateparser_day(text, languages)


_TOKENS = re.compile(r"\d+|[^\W\d_]+")
_FILLERS = frozenset({"de", "er", "st", "nd", "rd", "th", "º"})  # "25 de mayo de 2025", "1er mars", "4th"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
MONTH_LANGUAGES = 60  # dateparser's most used languages whose month names we read


@lru_cache(maxsize=1)
def month_names() -> dict[str, dict[str, int]]:
    """Month names and abbreviations in dateparser's most used languages (lower case, without
    a dot) -> {language: month number}: "listopad" is November in Polish, October in Croatian."""
    from dateparser.data import language_order
    from dateparser.languages.loader import default_loader

    out: dict[str, dict[str, int]] = {}
    for code in language_order[:MONTH_LANGUAGES]:
        info = default_loader.get_locale(code).info
        for number, month in enumerate(_MONTHS, 1):
            for word in info.get(month, []):
                out.setdefault(word.lower().rstrip("."), {}).setdefault(code, number)
    return out


def _named_month_day(text: str, languages: tuple[str, ...]) -> date | None:
    """A day written with a month name ("02 December 2024", "Nov. 8, 2023", "25 de mayo de 2025"),
    read without dateparser when one of ``languages`` names that month (else None, and
    dateparser decides). :mod:`.spans` has found the span's shape; here only its pieces count:
    one day, one month name, one four-digit year."""
    tokens = [t for t in _TOKENS.findall(text) if t.lower() not in _FILLERS]
    numbers = [t for t in tokens if t.isdigit()]
    names = [t for t in tokens if not t.isdigit()]
    if len(numbers) != 2 or len(names) != 1 or len(numbers[0]) > 2 or len(numbers[1]) != 4:
        return None
    (day, year), word = numbers, names[0]
    months = month_names().get(word.lower())
    number = next((months[lang] for lang in languages if lang in months), None) if months else None
    return _date(year, number, day) if number else None


def _full_year(year: str) -> int:
    return int(year) if len(year) == 4 else 2000 + int(year) if int(year) < 70 else 1900 + int(year)


def _date(y, m, d) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


# dateparser: a fixed base so results can be cached; relative phrases are resolved by the caller
_BASE = datetime(2000, 6, 15, 12, 0, 0)


@lru_cache(maxsize=64)
def _parser(languages: tuple[str, ...], relative: bool):
    from dateparser.date import DateDataParser  # imported on first use: slow to import

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RELATIVE_BASE": _BASE,
        "PREFER_DATES_FROM": "past",
    }
    if not relative:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    try:
        return DateDataParser(languages=list(languages) or None, settings=settings)
    except ValueError:  # a language dateparser does not know
        return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparser_day(text: str, languages: tuple[str, ...]) -> date | None:
    try:
        found = _parser(languages, False).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return found.date_obj.date() if found and found.date_obj else None


@lru_cache(maxsize=1024)
def parse_relative(text: str, languages: tuple[str, ...]) -> Stamp | None:
    """ "3 hours ago", "vor 2 Tagen", "il y a 5 minutes": how long before the fetch."""
    try:
        found = _parser(languages, True).get_date_data(text)
    except Exception:
        return None
    if not found or not found.date_obj:
        return None
    ago = _BASE - found.date_obj
    if ago <= timedelta(0) or ago > timedelta(days=31):
        return None
    return Stamp(ago=ago, ago_days=ago % timedelta(days=1) == timedelta(0))


def resolve_relative(stamp: Stamp, fetched_at: datetime, tz: str | None) -> Stamp:
    """A relative stamp made absolute against the fetch time (in the site's zone, else UTC)."""
    zone = ZoneInfo(tz) if tz else UTC
    at = (fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)).astimezone(zone) - stamp.ago
    if stamp.ago_days:
        return Stamp(at.date())
    at = at.replace(second=0, microsecond=0)
    return Stamp(at.date(), at.time().replace(tzinfo=None), False, at.utcoffset())


# --- to the record -------------------------------------------------------------------------
def to_value(stamp: Stamp, source: str, raw: str, tz: str | None) -> DateValue:
    """The record's form: keep time and offset when given; a zone-less time takes the site zone,
    and without one the value falls back to its day. No time is ever invented."""
    if stamp.clock is not None and stamp.offset is None and tz:
        local = datetime.combine(stamp.day, stamp.clock, ZoneInfo(tz))
        stamp = stamp.with_offset(local.utcoffset())
        source += "+site-tz"
    if stamp.clock is None or stamp.offset is None:
        zone = ZoneInfo(tz) if tz else UTC
        midnight = datetime.combine(stamp.day, time(0), zone).astimezone(UTC)
        return DateValue(stamp.day.isoformat(), midnight, "day", source, raw)
    local = datetime.combine(stamp.day, stamp.clock, timezone(stamp.offset))
    iso = local.isoformat(timespec="seconds")
    return DateValue(iso, local.astimezone(UTC), "second" if stamp.seconds else "minute", source, raw)

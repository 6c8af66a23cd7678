"""One raw byline string -> the people, the agencies and what else it credits.

    >>> split_byline("Felix Schröder und Jörg Soldwisch, dpa")
    Split(authors=('Felix Schröder', 'Jörg Soldwisch'), agencies=('dpa',), site=(), others=())

Pure functions over strings; the word lists live in ``newscrawl/data``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from . import vocab
from .names import Sites, is_code, is_house_credit, is_outlet, is_role, looks_like_name, strip_role

PERSON, AGENCY, SITE, OTHER, ROLE, INITIALS, PLACE, JUNK = (
    "person", "agency", "site", "other", "role", "initials", "place", "junk"
)

SOFT = "\x1f"  # an element boundary of a visible byline: parts names, keeps a label in force

_NO_SITES = Sites()


@dataclass(frozen=True)
class Credit:
    text: str
    kind: str  # PERSON, AGENCY, SITE (the outlet itself), OTHER (editor, photographer...), ROLE, INITIALS, PLACE, JUNK


@dataclass(frozen=True)
class Split:
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    site: tuple[str, ...] = ()  # credits naming the site itself ("DER SPIEGEL" on spiegel.de)
    others: tuple[str, ...] = ()  # people credited for something else ("Editor: Heryadi")

    def __bool__(self) -> bool:
        return bool(self.authors or self.agencies)


# --- regexes, built once from the word lists ---------------------------------------------------
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_BEFORE_COLON = re.compile(r"\s+:")
# hard separators: a label stops at them
_HARD = re.compile(r"\s*(?:[|;•·\n\t()\[\]【】{}«»]|\s[–—-]\s|^[–—-]+\s*|\s[–—-]+$)\s*")
# a lower-case by-word glued to a capitalised name ("vonKonstantin Furrer")
_GLUED_BY = re.compile(r"^(?:%s)(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])" % vocab.alternation(vocab.words()["by_words"]))
_EDGE = " \t,.:;!?\"'“”„‘’«»*#+=~^°©®™-–—_/\\" + SOFT


@cache
def _rx() -> dict[str, re.Pattern]:
    w, lab = vocab.words(), vocab.labels()
    strong = [(kind, lab[kind]) for kind in ("author", "source", "other")]
    alts = []
    for _, items in strong:
        for item in items:
            tail = "" if item[-1] in ":-" else r"(?!\w)"
            alts.append((len(item), re.escape(item).replace(r"\ ", r"\s+") + tail))
    label = "|".join(a for _, a in sorted(alts, reverse=True))
    conj = vocab.alternation(w["conjunctions"] - {"&"})
    by = vocab.alternation(w["by_words"])
    genre = vocab.alternation(w["genre_words"])
    particles = vocab.alternation(w["particles"])
    update = vocab.alternation(w["update_words"] | w["weekdays"])
    return {
        "label": re.compile(rf"(?<!\w)(?:{label})", re.I),
        "weak": re.compile(rf"^(?:{vocab.alternation(lab['agency_only'])})\s+", re.I),
        "parts": re.compile(rf"\s*({SOFT}|[,/、，]|\s&\s|&|\s(?:{conj})\s)\s*", re.I),
        "lead_conj": re.compile(rf"^(?:{conj})\s+", re.I),
        "by": re.compile(rf"^(?:(?:{genre})\s+){{0,3}}(?:{by})\b\s*:?\s*(?!(?:{particles})\s)(?=\S)", re.I),
        "by_only": re.compile(rf"^(?:(?:{genre})\s+){{0,3}}(?:{by})\s*:?$", re.I),
        "update": re.compile(rf"(?<!\w)(?:{update})(?!\w)", re.I),
    }


def _label_kind(text: str) -> str:
    key = " ".join(text.casefold().split())
    for kind in ("author", "source", "other"):
        if key in vocab.labels()[kind]:
            return kind
    return "author"


def clean(raw: str) -> str:
    """Whitespace folded; e-mail addresses, URLs and @handles removed."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", raw)).replace("\u00a0", " ")
    text = _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    text = _BEFORE_COLON.sub(":", text)
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


_ABBREVIATED = re.compile(r"(?:^|\s)[A-Z][a-z]{0,2}\.$")  # "Jr.", "Sr.", "J."


def _trim(text: str) -> str:
    out = text.strip(_EDGE).strip()
    if out and text.rstrip().endswith(".") and _ABBREVIATED.search(out + "."):
        out += "."  # "Perry Bacon Jr.": the dot belongs to the name
    return out


_TIME_DIGITS = re.compile(r"\d+(?![^\W\d_])")  # digits not followed by a letter: "12:20pm" yes, "News4Max" no


def _cut_time(text: str) -> str:
    """Drop a time stamp glued to a name: "Associated Press12:20pm", "Jane Doe Updated 3 hours ago"."""
    m = _TIME_DIGITS.search(text)
    if m:
        text = text[: m.start()]
    m = _rx()["update"].search(text)
    if m:
        text = text[: m.start()]
    return _trim(text)


def _chunks(segment: str, kind: str = "author") -> tuple[list[tuple[str, str]], str | None]:
    """(kind, text) pieces of a segment, cut at its labels ("Reporting by", "Sources:").

    The second value is the kind of a label that ends the segment with no names after it
    ("Quellen: (A) (B)"): it carries over to the next segments.
    """
    rx = _rx()
    weak = rx["weak"].match(segment)
    if weak and not rx["label"].match(segment):
        return [("weak", segment[weak.end():])], None
    out: list[tuple[str, str]] = []
    start = 0
    for m in rx["label"].finditer(segment):
        out.append((kind, segment[start:m.start()]))
        kind, start = _label_kind(m.group(0)), m.end()
    out.append((kind, segment[start:]))
    dangling = kind if start and not _trim(segment[start:]) else None
    return [(k, t) for k, t in out if _trim(t)], dangling


def _agency_suffix(text: str) -> tuple[str, str] | None:
    """("Vasilisa Stepanenko", "The Associated Press") when a known agency ends ``text``."""
    tokens = text.split()
    for k in range(min(4, len(tokens) - 1), 0, -1):
        tail = " ".join(tokens[-k:])
        if k == 1 and tail[:1].isupper() and not tail.isupper():
            continue  # "Anna Petra": a name that happens to be an agency's too
        if vocab.known_agency(tail):
            return " ".join(tokens[:-k]), tail
    return None


def _classify(part: str, kind: str, chained: bool, sites: Sites) -> list[Credit]:
    text = _trim(part)
    if not text:
        return []
    rx = _rx()
    text = _trim(rx["lead_conj"].sub("", text))
    if rx["by_only"].match(text):
        return []
    m = rx["by"].match(text)
    if m and m.end() < len(text):
        text = _trim(text[m.end():])
    else:
        m = _GLUED_BY.match(text)  # "vonKonstantin Furrer": by-word and name in two elements
        if m:
            text = text[m.end():]
    text = _cut_time(text)
    if not text:
        return []
    tokens = text.split()
    half = len(tokens) // 2
    if len(tokens) % 2 == 0 and half and tokens[:half] == tokens[half:]:
        text = " ".join(tokens[:half])  # "Martin Gramnæs Martin Gramnæs": a name shown twice
    if sites.matches(text):
        return [Credit(text, SITE)]
    if vocab.known_agency(text):
        return [Credit(text, AGENCY)]
    if kind == "other":
        ok = looks_like_name(strip_role(text)) or is_house_credit(text) or vocab.known_agency(text)
        return [Credit(text, OTHER if ok else JUNK)]
    if is_house_credit(text):
        return [Credit(text, AGENCY if kind != "other" else OTHER)]
    if kind == "weak":
        return [Credit(text, JUNK)]
    if is_role(text):
        return [Credit(text, ROLE)]
    if is_code(text):
        if chained or text.islower():
            return [Credit(text, INITIALS)]
        return [Credit(text, AGENCY)]
    name = strip_role(text)
    if name != text:
        if vocab.known_agency(name) or vocab.known_agency(name.split()[0]):
            return [Credit(name.split()[0] if not vocab.known_agency(name) else name, AGENCY)]  # "AP Auto Writer"
        if sites.matches(name):
            return [Credit(name, SITE)]
        if " " not in name and len(text.split()) - 1 >= 2:
            return [Credit(text, ROLE)]  # "Live Science Contributor": an outlet's contributor, no name
    if kind == "source":
        return [Credit(name, AGENCY if len(name.split()) <= 6 else JUNK)]
    if is_outlet(name):
        return [Credit(name, AGENCY)]
    split = _agency_suffix(name)
    if split and looks_like_name(split[0]):
        return [Credit(split[0], PERSON), Credit(split[1], AGENCY)]  # "Tom Davies Associated Press"
    if looks_like_name(name):
        return [Credit(name, PERSON)]
    return [Credit(name, JUNK)]


def parse(raw: str, sites: Sites = _NO_SITES) -> list[Credit]:
    """Every piece of ``raw`` with what it is."""
    out: list[Credit] = []
    rx = _rx()
    text = clean(raw)
    if SOFT in text:
        # a visible block: what stands before its by-word is a kicker or a headline ("Newsblog | Von X")
        pieces = text.split(SOFT)
        for i, piece in enumerate(pieces[1:], 1):
            head = piece.strip()
            if (rx["by"].match(head) or rx["by_only"].match(head)) and any(p.strip() for p in pieces[:i]):
                text = SOFT.join(pieces[i:])
                break
    stops = vocab.words()["stop_words"]
    carry = "author"
    for segment in _HARD.split(text):
        if not _trim(segment):
            continue
        chunks, dangling = _chunks(segment, carry)
        if dangling:
            carry = dangling
        for kind, chunk in chunks:
            chained = "/" in chunk
            pieces = rx["parts"].split(chunk)
            before = ""  # the separator before the piece
            for i in range(0, len(pieces), 2):
                part = pieces[i]
                if _trim(part).casefold() in stops:
                    out.append(Credit(_trim(part), JUNK))
                    break
                got = _classify(part, kind, chained, sites)
                if got and got[0].kind == JUNK and got[0].text[:1].islower() and " " in got[0].text:
                    out.append(got[0])
                    break  # prose or a list of sections follows: "By TPN, in News, Portugal"
                if got and out and out[-1].kind in (AGENCY, SITE, PLACE) and got[0].kind == PERSON and before.strip() == ",":
                    got = [Credit(got[0].text, PLACE)]  # a dateline: "AFP, MANILA", "BBC News, New York"
                out.extend(got)
                before = pieces[i + 1] if i + 1 < len(pieces) else ""
    return out


def _dedupe(names: list[str], agencies: bool = False) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = (vocab.known_agency(name) or name) if agencies else name
        key = " ".join(key.casefold().split())
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def _caps_outlets(credits: list[Credit]) -> list[Credit]:
    """"Christal Hayes, Nicholas Wu | USA TODAY": among mixed-case names, an all-caps phrase is an outlet."""
    people = [c for c in credits if c.kind == PERSON]
    caps = [c for c in people if c.text.isupper() and " " in c.text]
    if not caps or len(caps) == len(people):
        return credits
    return [Credit(c.text, AGENCY) if c in caps else c for c in credits]


def collect(credits: list[Credit]) -> Split:
    by_kind: dict[str, list[str]] = {}
    for c in _caps_outlets(credits):
        by_kind.setdefault(c.kind, []).append(c.text)
    agencies = by_kind.get(AGENCY, [])
    if not agencies and not by_kind.get(PERSON):
        # "By Staff Writer": a job title alone is the newsroom's credit
        agencies = [r for r in by_kind.get(ROLE, []) if is_house_credit(r)]
    return Split(
        authors=_dedupe(by_kind.get(PERSON, [])),
        agencies=_dedupe(agencies, agencies=True),
        site=_dedupe(by_kind.get(SITE, [])),
        others=_dedupe(by_kind.get(OTHER, [])),
    )


def split_byline(raw: str | None, sites: Sites = _NO_SITES) -> Split:
    """People and agencies credited by one byline string."""
    if not raw or not raw.strip():
        return Split()
    return collect(parse(raw, sites))

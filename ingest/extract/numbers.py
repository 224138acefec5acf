"""Numbers as texts write them, rewritten to plain digits the patterns can read.

Articles write numbers as digits ("16,000", "7½", "2e23", "2 × 10²³"), as words ("nine",
"twenty-five", "a hundred"), as digits with a magnitude word ("5 million") and as fractions
("two-thirds", "one seventh of"). `NumberedText` rewrites all of them into digits
("9", "5000000", "66.6667%") once, before any pattern runs, and keeps a map back to the
original offsets, so every span found in the rewritten text points into the source text.

Number words are read by text2num's `find_numbers` (a maintained parser with English
grammar: "one hundred and fifty" is 150, "twenty twenty-four" two numbers), not by a word
list of ours; the rewriting here only places its results back into the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Protocol, cast

from text_to_num import find_numbers as _find_numbers  # type: ignore[import-untyped]

_FRACTIONS: Final = {"½": 0.5, "¼": 0.25, "¾": 0.75}
_SUPERSCRIPTS: Final = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_VAGUE: Final = frozenset({"tens", "dozens", "hundreds", "thousands", "millions", "billions"})
"""Plural magnitudes ("hundreds of times") name no number."""
_MAGNITUDES: Final = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
_DENOMINATORS: Final = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
_TRILLION: Final = re.compile(
    r"(?<![\w.,])(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s+trillion\b", re.I
)
"""'14.8 trillion': the one magnitude word text2num's English does not know."""
"""Fraction words text2num does not read as ordinals ("third" and "fifth" it does)."""

DIGITS: Final = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?[½¼¾]?"
"""A number once rewritten: 8, 1.68, 16,000, 7½, 2e23 (no sign: '-' separates ranges)."""

_TOKEN: Final = re.compile(r"[^\W\d_]+?(?=fold\b)|[^\W\d_]+|\d+(?:[.,]\d+)*|[^\w\s]", re.I)
"""Words (with 'tenfold' split into 'ten' + 'fold'), digit runs and single symbols."""
_SCIENTIFIC: Final = re.compile(
    r"(?<![\w.,])(?:(?P<mantissa>\d+(?:\.\d+)?)\s*[x×·*]\s*)?10\s*"
    r"(?:\^\s*(?P<caret>[-−]?\d+)|(?P<sup>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
)
_DIGIT_NUMBER: Final = re.compile(rf"(?<![\w.,]){DIGITS}$")
_AND_A_HALF: Final = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_UNIT_AND_A_HALF: Final = re.compile(
    r"\b(?:an?|one)\s+(?P<unit>year|month|decade)\s+and\s+a\s+half\b", re.IGNORECASE
)


def parse_number(written: str) -> float:
    """'16,000' -> 16000.0; '7½' -> 7.5; '2e23' -> 2e23; 'seven' -> 7.0 (words by text2num)."""
    text = written.strip()
    if text and (text[0].isdigit() or text[0] == "."):
        extra = _FRACTIONS.get(text[-1], 0.0)
        digits = text.rstrip("½¼¾").replace(",", "")
        return (float(digits) if digits else 0.0) + extra
    rewritten = NumberedText.of(text)
    numbers = re.findall(DIGITS, rewritten.text)
    if len(numbers) != 1:
        raise ValueError(f"not one number: {written!r}")
    return parse_number(numbers[0])


def digits(value: float | Decimal) -> str:
    """A value written so that `DIGITS` reads it back exactly (no float noise, no '+')."""
    number = Decimal(str(value)) if isinstance(value, float) else value
    if number == number.to_integral_value() and abs(number) < Decimal("1e16"):
        return str(int(number))
    return format(number.normalize(), "g").replace("E+", "e").replace("E", "e")


class _Occurrence(Protocol):
    """What text2num reports for one number: token indices [start, end), value, ordinal."""

    start: int
    end: int
    value: float
    is_ordinal: bool


def find_numbers(tokens: list[_Token]) -> list[_Occurrence]:
    """text2num's finder over English tokens; isolated small numbers ("one") included."""
    return cast(list[_Occurrence], _find_numbers(tokens, "en", 0.0))


@dataclass(frozen=True, slots=True)
class _Token:
    """A word or symbol handed to text2num, with its place in the original text."""

    match: re.Match[str]

    def text(self) -> str:
        return self.match.group()

    def nt_separated(self, previous: _Token) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


@dataclass(frozen=True, slots=True)
class _Replacement:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class NumberedText:
    """`original` with every number as digits (`text`), and the way back to `original`."""

    original: str
    text: str
    _starts: tuple[int, ...]  # start of each replacement in `text`, ascending
    _pieces: tuple[tuple[int, int, int, int], ...]  # (new start, new end, old start, old end)

    @classmethod
    def of(cls, original: str) -> NumberedText:
        replacements = sorted(_replacements(original), key=lambda r: r.start)
        parts: list[str] = []
        pieces: list[tuple[int, int, int, int]] = []
        cursor = length = 0
        for replacement in replacements:
            if replacement.start < cursor:
                continue  # overlaps a replacement already placed
            parts.append(original[cursor : replacement.start])
            length += replacement.start - cursor
            parts.append(replacement.text)
            pieces.append(
                (length, length + len(replacement.text), replacement.start, replacement.end)
            )
            length += len(replacement.text)
            cursor = replacement.end
        parts.append(original[cursor:])
        starts = tuple(piece[0] for piece in pieces)
        return cls(original, "".join(parts), starts, tuple(pieces))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the rewritten span [start, end)."""
        return self._position(start, at_end=False), self._position(end, at_end=True)

    def _position(self, offset: int, *, at_end: bool) -> int:
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        new_start, new_end, old_start, old_end = self._pieces[index]
        if offset == new_start and not at_end:
            return old_start
        if offset < new_end or (offset == new_end and at_end and offset > new_start):
            return old_end if at_end else old_start
        return old_end + (offset - new_end)


def _replacements(text: str) -> list[_Replacement]:
    found = list(_scientific(text)) + _trillions(text)
    taken = [(r.start, r.end) for r in found]
    tokens = [
        _Token(m)
        for m in _TOKEN.finditer(text)
        if not any(start <= m.start() < end for start, end in taken)
    ]
    found += _number_words(text, tokens)
    found += _unit_and_a_half(text)
    return found


def _trillions(text: str) -> list[_Replacement]:
    return [
        _Replacement(m.start(), m.end(), digits(Decimal(m["n"].replace(",", "")) * 10**12))
        for m in _TRILLION.finditer(text)
    ]


def _scientific(text: str) -> list[_Replacement]:
    """'2 × 10²³', '10^25' -> '2e23', '1e25'."""
    out: list[_Replacement] = []
    for m in _SCIENTIFIC.finditer(text):
        exponent = (m["caret"] or m["sup"] or "").translate(_SUPERSCRIPTS).replace("−", "-")
        mantissa = m["mantissa"] or "1"
        out.append(_Replacement(m.start(), m.end(), f"{mantissa}e{int(exponent)}"))
    return out


def _number_words(text: str, tokens: list[_Token]) -> list[_Replacement]:
    occurrences = find_numbers(tokens)
    out: list[_Replacement] = []
    skip_next = False
    for index, occurrence in enumerate(occurrences):
        if skip_next:
            skip_next = False
            continue
        words = tokens[occurrence.start : occurrence.end]
        start, end = words[0].start, words[-1].end
        last_word = words[-1].text().lower()
        following = occurrences[index + 1] if index + 1 < len(occurrences) else None
        fraction = _fraction(text, tokens, occurrence, following)
        if fraction is not None:
            frac_start, frac_end, share = fraction
            out.append(_Replacement(frac_start, frac_end, f"{digits(round(share * 100, 4))}%"))
            skip_next = following is not None and frac_end >= tokens[following.start].end
            continue
        if _in_a_name(text, words[0]):  # 'AlphaGo Zero one year': the name ends at 'Zero'
            out += _number_words(text, words[1:]) if len(words) > 1 else []
            continue
        if occurrence.is_ordinal or last_word in _VAGUE:
            continue
        amount = Decimal(str(occurrence.value))
        if last_word in _MAGNITUDES and len(words) == 1:
            before = _DIGIT_NUMBER.search(text[max(0, start - 40) : start].rstrip())
            gap = text[max(0, start - 40) : start]
            if before is not None and gap[before.end() :].strip() == "":
                start -= len(gap) - before.start()
                amount *= Decimal(before.group().replace(",", "").rstrip("½¼¾") or "0")
        half = _AND_A_HALF.match(text, end)
        if half is not None:
            amount += Decimal("0.5")
            end = half.end()
        out.append(_Replacement(start, end, digits(amount)))
    out += _halves_after_digits(text, out)
    return out


def _halves_after_digits(text: str, placed: list[_Replacement]) -> list[_Replacement]:
    """'2 and a half' after plain digits ('2 and a half years' -> '2.5 years')."""
    out: list[_Replacement] = []
    for m in re.finditer(rf"(?<![\w.,])(?P<n>{DIGITS})(?P<half>\s+and\s+a\s+half\b)", text):
        if not any(r.start <= m.start() < r.end for r in placed):
            value = Decimal(m["n"].replace(",", "")) + Decimal("0.5")
            out.append(_Replacement(m.start(), m.end(), digits(value)))
    return out


def _fraction(
    text: str,
    tokens: list[_Token],
    occurrence: _Occurrence,
    following: _Occurrence | None,
) -> tuple[int, int, float] | None:
    """'two-thirds', 'one seventh of', 'a third of', 'three quarters' as (start, end, value)."""
    start_index, end_index, value = occurrence.start, occurrence.end, occurrence.value
    if occurrence.is_ordinal:  # "a third of": the article is the numerator
        article = tokens[start_index - 1].text().lower() if start_index > 0 else ""
        if article in {"a", "one"} and value >= 3 and _followed_by_of(text, tokens, end_index):
            return tokens[start_index - 1].start, tokens[end_index - 1].end, 1 / value
        return None
    numerator_end = tokens[end_index - 1].end
    index = end_index
    if index < len(tokens) and tokens[index].text() == "-":
        index += 1
    if index >= len(tokens) or tokens[index].start - numerator_end > 2:
        return None
    word = tokens[index].text().lower()
    denominator = _DENOMINATORS.get(word)
    if denominator is None:
        if following is None or following.start != index or not following.is_ordinal:
            return None
        denominator = int(following.value)
        if denominator < 3:
            return None
    plural = word.endswith("s")
    if not plural and not _followed_by_of(text, tokens, index + 1):
        return None
    start = tokens[start_index].start
    return start, tokens[index].end, value / denominator


def _in_a_name(text: str, first: _Token) -> bool:
    """'AlphaGo Zero', 'OpenAI Five': a capitalized number word right after a capitalized word."""
    word = first.text()
    if not word[:1].isupper():
        return False
    before = re.search(r"([^\W\d_][\w-]*)\s+$", text[max(0, first.start - 40) : first.start])
    return before is not None and before.group(1)[:1].isupper()


def _followed_by_of(text: str, tokens: list[_Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].text().lower() == "of"


def _unit_and_a_half(text: str) -> list[_Replacement]:
    """'a year and a half' -> '1.5 years'."""
    return [
        _Replacement(m.start(), m.end(), f"1.5 {m['unit'].lower()}s")
        for m in _UNIT_AND_A_HALF.finditer(text)
    ]


__all__ = ["DIGITS", "NumberedText", "digits", "parse_number"]

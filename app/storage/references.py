"""Reference numbers a person can read aloud and type: 11 random symbols and a check symbol.

The alphabet has 31 symbols, digits and capitals without 0, 1, I, L and O, so nothing is read
as something else. 31 is prime, which is what makes the check symbol work: with the weights
1..12 on the twelve positions, the weighted sum of a valid reference is 0 modulo 31. A single
changed symbol shifts that sum by weight x difference, and a swap of two neighbours by
(difference of weights) x (difference of symbols); neither product can be a multiple of a prime
larger than both factors, so every such mistake is caught. 11 random symbols carry
11 x log2(31) = 54.5 bits, out of reach of guessing.

Shown as three groups of four: 7KQ4-M2XD-9HPW.
"""
from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
RANDOM_SYMBOLS = 11
LENGTH = RANDOM_SYMBOLS + 1
VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
# spaces, and the hyphen as typed or as a pasted text sets it (the hyphen, non-breaking hyphen, figure dash,
# en and em dashes, minus sign): a reference read from a letter or an e-mail comes back whole
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
assert BASE == 31


def _weighted_sum(values) -> int:
    return sum(weight * value for weight, value in enumerate(values, 1))


def check_symbol(symbols: str) -> str:
    """The symbol that makes the weighted sum of symbols + check a multiple of 31."""
    total = _weighted_sum(VALUES[s] for s in symbols)
    # solve total + LENGTH * c == 0 (mod 31); LENGTH is invertible modulo a prime
    value = (-total * pow(LENGTH, -1, BASE)) % BASE
    return ALPHABET[value]


def new_reference() -> str:
    # one draw of the whole number, written in base 31: as random as a symbol at a time, and cheaper
    number = secrets.randbelow(BASE ** RANDOM_SYMBOLS)
    symbols = []
    for _ in range(RANDOM_SYMBOLS):
        number, value = divmod(number, BASE)
        symbols.append(ALPHABET[value])
    body = "".join(symbols)
    return body + check_symbol(body)


def normalise(text: str) -> str:
    """What a person typed, in the stored form: capitals, no spaces, hyphens or dashes."""
    return _SEPARATORS.sub("", text or "").upper()


def is_well_formed(reference: str) -> bool:
    """Twelve symbols of the alphabet whose check symbol is right."""
    return (len(reference) == LENGTH and all(s in VALUES for s in reference)
            and _weighted_sum(VALUES[s] for s in reference) % BASE == 0)


def display(reference: str) -> str:
    return "-".join(reference[i:i + 4] for i in range(0, len(reference), 4))

"""Reference numbers: readable, checkable, unguessable."""
import math

import pytest

from app.storage.references import (ALPHABET, LENGTH, RANDOM_SYMBOLS, check_symbol, display, is_well_formed,
                                    new_reference, normalise)


@pytest.fixture(scope="module")
def sample():
    return [new_reference() for _ in range(300)]


def test_a_reference_is_twelve_unambiguous_symbols_shown_in_groups_of_four(sample):
    for reference in sample:
        assert len(reference) == LENGTH and is_well_formed(reference)
        assert not set(reference) & set("01ILO")
        shown = display(reference)
        assert shown.count("-") == 2 and normalise(shown) == reference


def test_a_reference_carries_at_least_50_bits_of_randomness():
    assert RANDOM_SYMBOLS * math.log2(len(ALPHABET)) >= 50


def test_the_check_symbol_catches_every_single_substitution(sample):
    for reference in sample:
        for i, original in enumerate(reference):
            for symbol in ALPHABET:
                if symbol != original:
                    assert not is_well_formed(reference[:i] + symbol + reference[i + 1:]), (reference, i, symbol)


def test_the_check_symbol_catches_every_swap_of_two_neighbours(sample):
    for reference in sample:
        for i in range(LENGTH - 1):
            a, b = reference[i], reference[i + 1]
            if a != b:
                assert not is_well_formed(reference[:i] + b + a + reference[i + 2:]), (reference, i)


def test_every_ordered_pair_of_symbols_is_caught_when_swapped_at_every_position():
    # not only a sample: each pair of distinct symbols in each pair of neighbouring places
    base = new_reference()[:RANDOM_SYMBOLS]
    for i in range(RANDOM_SYMBOLS - 1):
        for a in ALPHABET:
            for b in ALPHABET:
                if a != b:
                    body = base[:i] + a + b + base[i + 2:]
                    valid = body + check_symbol(body)
                    assert not is_well_formed(valid[:i] + b + a + valid[i + 2:])
    for last in ALPHABET:  # the last random symbol and the check symbol
        body = base[:-1] + last
        check = check_symbol(body)
        if check != last:
            assert not is_well_formed(body[:-1] + check + last)


def test_a_million_references_do_not_collide():
    seen = {new_reference() for _ in range(1_000_000)}
    assert len(seen) == 1_000_000


@pytest.mark.parametrize("typed", ["7kq4 m2xd 9hpw", " 7KQ4-M2XD-9HPW ", "7kq4m2xd9hpw"])
def test_what_a_person_types_is_normalised(typed):
    assert normalise(typed) == "7KQ4M2XD9HPW"


@pytest.mark.parametrize("typed", ["", "7KQ4", "7KQ4-M2XD-9HPW-2", "7KQ4-M2XD-9HP0", "ÆØÅ"])
def test_malformed_references_are_not_well_formed(typed):
    assert not is_well_formed(normalise(typed))

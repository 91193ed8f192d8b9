"""The lookup code a citizen keeps: 10 characters of the 32-symbol alphabet (no look-alikes),
drawn from the system's randomness, every symbol possible at every position."""

from __future__ import annotations

from dvk.citizens.models import LOOKUP_ALPHABET, new_lookup_code


def test_codes_use_the_whole_alphabet_at_every_position():
    assert len(LOOKUP_ALPHABET) == len(set(LOOKUP_ALPHABET)) == 32
    assert not set("IO01") & set(LOOKUP_ALPHABET)
    codes = [new_lookup_code() for _i in range(3000)]
    assert all(len(c) == 10 and set(c) <= set(LOOKUP_ALPHABET) for c in codes)
    # 3,000 draws leave a symbol unseen at a position with probability ~32·(31/32)^3000 ≈ 0
    for position in range(10):
        assert {c[position] for c in codes} == set(LOOKUP_ALPHABET)
    assert len(set(codes)) == len(codes)

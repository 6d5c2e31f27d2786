"""Money as integers of fen (分): read from the office's yuan text, never through a float.

The spending schema allows at most two decimals, so every amount is a whole
number of fen and every sum is exact; nothing is ever rounded.
"""

from __future__ import annotations

import re

_YUAN = re.compile(r"^(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$")


def parse_fen(text: str) -> int:
    """'128.5' → 12850. Only the schema's form (digits, at most two decimals) is accepted."""
    match = _YUAN.match(text.strip())
    if match is None:
        raise ValueError(f"not an amount in yuan: {text!r}")
    whole, cents = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(cents)


def yuan_to_fen(yuan: int) -> int:
    """A whole-yuan amount (the policy and the hub rows) in fen."""
    return yuan * 100


def plain_yuan(fen: int) -> str:
    """'1234.50', '-0.01': a number a spreadsheet reads as a number, for CSV files."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"

"""Possible splits of glued digits into cells.

Web-page text scrapes drop the separators between cells: ``行政许可3960181`` holds three
cells. Every way to cut the digit runs into the row's cells is generated, with the cuts that
cannot be cells pruned (a multi-digit number never starts with 0; only money columns hold a
decimal point; only signed columns take a sign). Whitespace that did survive is a certain cell
boundary. The arithmetic then chooses among the splits (see solve.py)."""
from __future__ import annotations

from typing import Callable, Iterator

INT, SIGNED, AMOUNT = "int", "signed", "amount"


class TooManySplits(Exception):
    pass


def valid_part(part: str, kind: str, signed_prefix: str = "") -> bool:
    if not part:
        return False
    if signed_prefix and kind != SIGNED:
        return False
    if "." in part:
        if kind != AMOUNT or part.startswith(".") or part.endswith(".") or part.count(".") > 1:
            return False
        whole = part.split(".")[0]
        return whole == "0" or not whole.startswith("0")
    if signed_prefix and part == "0":
        return False
    return part == "0" or not part.startswith("0")


def splits(tokens: list[str], kinds: list[str], ok: Callable[[list[str]], bool] | None = None,
           limit: int = 100_000) -> list[list[str]]:
    """Every split of ``tokens`` into ``len(kinds)`` parts, in order.

    ``ok(parts)`` is called on each growing prefix and prunes it when it returns False (the
    caller checks row arithmetic as soon as the cells of an equation are all present). Raises
    TooManySplits when more than ``limit`` search steps are needed."""
    width = len(kinds)
    steps = [0]
    out: list[list[str]] = []

    def rec(ti: int, parts: list[str]) -> None:
        steps[0] += 1
        if steps[0] > limit:
            raise TooManySplits
        if ti == len(tokens):  # tokens are digits with an optional ASCII sign (see extract.number_text)
            if len(parts) == width:
                out.append(list(parts))
            return
        remaining_tokens = len(tokens) - ti - 1
        token = tokens[ti]
        sign = token[0] if token[:1] in "+-" else ""
        body = token[len(sign):]
        most = width - remaining_tokens - len(parts)
        least = most if remaining_tokens == 0 else 1  # the last token takes all remaining cells
        for cut_parts in _cuts(body, sign, kinds, len(parts), least, most):
            parts.extend(cut_parts)
            if ok is None or ok(parts):
                rec(ti + 1, parts)
            del parts[len(parts) - len(cut_parts):]

    rec(0, [])
    return out


def _cuts(body: str, sign: str, kinds: list[str], col: int, min_parts: int, max_parts: int
          ) -> Iterator[list[str]]:
    """Ways to cut one token into min_parts..max_parts valid parts starting at column ``col``."""

    def rec(pos: int, c: int, acc: list[str]) -> Iterator[list[str]]:
        if pos == len(body):
            if len(acc) >= max(min_parts, 1):
                yield list(acc)
            return
        if len(acc) >= max_parts or c >= len(kinds):
            return
        # leave at least one character for each part still required after this one
        last_end = len(body) - max(0, min_parts - len(acc) - 1)
        for end in range(pos + 1, last_end + 1):
            part = body[pos:end]
            prefix = sign if not acc else ""
            if not valid_part(part, kinds[c], prefix):
                if part.startswith("0") and part != "0" and not part.startswith("0."):
                    break  # longer parts start with 0 too
                continue
            acc.append(prefix + part)
            yield from rec(end, c + 1, acc)
            acc.pop()

    yield from rec(0, col, [])

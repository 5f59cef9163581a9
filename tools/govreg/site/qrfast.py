"""QR code matrices for the account pages: segno's pipeline, with the module placement worked out once per symbol.

A cold site build draws one QR code per account link (issue 19).  With the data mask fixed
(:data:`govreg.site.accounts.QR_MASK`), everything after the final codeword sequence is the same
for every code of one version and error level: the finder, timing and alignment patterns, the
format and version information, where each bit of the message goes and the mask bit it is
XORed with.  segno recomputes all of it, module by module, for each code (``add_codewords`` and
``apply_mask`` were half of ``segno.make``).

:func:`matrix` encodes the message with segno's own functions, in ``segno.encoder.encode``'s
order, and places it through a table (:class:`_Layout`) that segno's own functions fill once
per (version, error level): ``add_codewords`` places a sequence of position markers instead of
bits, then the mask, format and version information are applied as ``_encode`` applies them,
so each module of the table says either its fixed value or which message bit it holds and the
mask bit it is XORed with.  Nothing of the placement is written here.

Safeguards, any of which sends the code to ``segno.make``:

- another segno than the one this was checked against (:data:`TESTED_SEGNO`);
- a Micro QR version, a message whose length is not the table's, a table with a module it
  cannot explain, or any error from segno's internals;
- each table's first code is compared with ``segno.make``'s matrix; on a difference the table
  is dropped for the rest of the process.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

TESTED_SEGNO = "1.6.6"  # requirements/constraints.txt: the private functions used here are this version's


class Unusable(Exception):
    """This code cannot be made through a table: make it with ``segno.make``."""


@dataclass(frozen=True)
class _Layout:
    width: int
    bits: int  # message bits the symbol holds
    mask: int  # the mask bit of each message bit, as one integer (bit k of the message: byte k from the left)
    place: operator.itemgetter[Any]  # module → index into b"\0\1" + masked message bits


_LAYOUTS: dict[tuple[int, int, int], _Layout | None] = {}  # None: unusable (unexplained module, or failed its check)
_CHECKED: set[tuple[int, int, int]] = set()


def _segno() -> tuple[Any, Any]:
    """segno's (untyped) encoder and constants modules."""
    from segno import consts, encoder

    return encoder, consts


def _layout(version: int, error: int, mask: int) -> _Layout | None:
    encoder, _ = _segno()
    width = encoder.calc_matrix_size(version)
    template = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(template, width, width)
    encoder.add_alignment_patterns(template, width, width)
    grid = tuple(list(row) for row in template)  # lists: a module may hold any marker, not only a byte
    free = sum(row.count(0x2) for row in grid)
    encoder.add_codewords(grid, [4 * (k + 1) for k in range(free)], version)  # marker of bit k: 4(k+1), its low bits free for the mask
    encoder.find_and_apply_best_mask(grid, width, width, mask)
    encoder.add_format_info(grid, version, error, mask)
    encoder.add_version_info(grid, version)
    place: list[int] = []
    mask_bits = bytearray(free)
    seen = 0
    for row in grid:
        for value in row:
            if value in (0, 1):
                place.append(value)
            elif value >= 4 and (value & 2) == 0:
                k = (value >> 2) - 1
                mask_bits[k] = value & 1
                place.append(2 + k)
                seen += 1
            else:
                return None  # a module neither fixed nor a message bit: not a table this module understands
    if seen != free:
        return None
    return _Layout(width, free, int.from_bytes(mask_bits, "big"), operator.itemgetter(*place))


def _message(url: str, error_name: str, mask: int) -> tuple[int, int, int, bytes]:
    """(version, error level, mask, final message bits): ``segno.encoder.encode`` and ``_encode`` up to the placement, for
    ``segno.make(url, error=error_name, mask=mask)`` (no version, mode or encoding given, boost_error on)."""
    encoder, consts = _segno()
    error = encoder.normalize_errorlevel(error_name, accept_none=True)
    segments = encoder.prepare_data(url, None, None)
    version = encoder.find_version(segments, error, eci=False, micro=None)  # raises DataOverflowError as segno.make does
    if version < 1:
        raise Unusable("Micro QR")
    if error is None:  # pragma: no cover - an error level is always given here
        error = consts.ERROR_LEVEL_L
    mask = encoder.normalize_mask(mask, False)
    error = encoder.boost_error_level(version, error, segments, False)
    buff = encoder.Buffer()
    ver_range = encoder.version_range(version)
    for segment in segments:
        encoder.write_segment(buff, segment, None, ver_range, False)
    capacity = consts.SYMBOL_CAPACITY[version][error]
    encoder.write_terminator(buff, capacity, None, len(buff))
    encoder.write_padding_bits(buff, version, len(buff))
    encoder.write_pad_codewords(buff, version, capacity, len(buff))
    final = encoder.make_final_message(version, error, buff)
    return version, error, mask, bytes(final.getbits())


def matrix(url: str, error: str, mask: int) -> tuple[bytearray, ...]:
    """``segno.make(url, error=error, mask=mask).matrix``, through a per-version table when it is safe (see the module).

    Raises ``segno.DataOverflowError`` as ``segno.make`` does.
    """
    import segno

    if segno.__version__ == TESTED_SEGNO:
        try:
            return _through_table(url, error, mask)
        except segno.DataOverflowError:
            raise
        except Exception:  # Unusable, or segno's internals not as expected: segno's own way below
            pass
    return segno.make(url, error=error, mask=mask).matrix


def _through_table(url: str, error_name: str, mask: int) -> tuple[bytearray, ...]:
    version, error, mask, bits = _message(url, error_name, mask)
    key = (version, error, mask)
    if key not in _LAYOUTS:
        _LAYOUTS[key] = _layout(version, error, mask)
    layout = _LAYOUTS[key]
    if layout is None or len(bits) != layout.bits or bits.translate(None, b"\0\1"):
        raise Unusable("no table")
    masked = (int.from_bytes(bits, "big") ^ layout.mask).to_bytes(layout.bits, "big")  # each byte 0 or 1: XOR byte by byte
    flat = bytes(layout.place(b"\0\1" + masked))
    width = layout.width
    out = tuple(bytearray(flat[i : i + width]) for i in range(0, width * width, width))
    if key not in _CHECKED:  # the table's first code: segno's own, or the table is dropped
        import segno

        _CHECKED.add(key)
        if segno.make(url, error=error_name, mask=mask).matrix != out:
            _LAYOUTS[key] = None
            raise Unusable("table differs from segno")
    return out

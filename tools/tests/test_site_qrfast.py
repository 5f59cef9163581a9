"""QR matrices through a per-version table (``govreg.site.qrfast``): always ``segno.make``'s matrix, or segno's own way."""

from __future__ import annotations

import dataclasses
import random
import string
from collections.abc import Iterator
from typing import Any

import pytest
import segno

from govreg.site import accounts, qrfast

ALPHABETS = (
    string.digits,  # numeric mode
    string.digits + string.ascii_uppercase + " $%*+-./:",  # alphanumeric
    string.ascii_letters + string.digits + "/-._~?=&%",  # byte
    "吴忠市政府网站公告ü",  # UTF-8 bytes
)


@pytest.fixture(autouse=True)
def fresh_tables() -> Iterator[None]:
    qrfast._LAYOUTS.clear()
    qrfast._CHECKED.clear()
    accounts._qr_svg.cache_clear()
    yield
    qrfast._LAYOUTS.clear()
    qrfast._CHECKED.clear()
    accounts._qr_svg.cache_clear()


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        alphabet = rng.choice(ALPHABETS)
        limit = {0: 5500, 1: 3300, 2: 2300, 3: 700}[ALPHABETS.index(alphabet)]
        out.append("".join(rng.choice(alphabet) for _ in range(int(limit * rng.random() ** 2) + 1)))
    return out


def test_every_matrix_is_segnos_at_every_version_and_error_level() -> None:
    keys = set()
    compared = 0
    for text in _texts(19, 700):
        try:
            code = segno.make(text, error="m", mask=accounts.QR_MASK)
        except segno.DataOverflowError:
            with pytest.raises(segno.DataOverflowError):
                qrfast.matrix(text, "m", accounts.QR_MASK)
            continue
        assert qrfast.matrix(text, "m", accounts.QR_MASK) == code.matrix, text
        compared += 1
        if not code.is_micro:
            keys.add((code.version, code.error))
    versions = {version for version, _ in keys}
    assert compared > 600 and len(versions) >= 35 and {error for _, error in keys} == {"M", "Q"}  # H: boosted to only when it fits a version M needs
    assert all(qrfast._LAYOUTS[key] is not None for key in qrfast._LAYOUTS)  # every table passed its check


@pytest.mark.parametrize("error", ["l", "q", "h"])
def test_other_error_levels_and_masks_too(error: str) -> None:
    rng = random.Random(error)
    for text in _texts(ord(error), 80):
        mask = rng.randrange(8)
        try:
            expected = segno.make(text, error=error, mask=mask).matrix
        except (segno.DataOverflowError, ValueError) as exc:  # too long; a mask a Micro QR code does not have
            with pytest.raises(type(exc)):
                qrfast.matrix(text, error, mask)
            continue
        assert qrfast.matrix(text, error, mask) == expected, (text, mask)


def test_tables_replace_segnos_placement_after_their_first_code(monkeypatch: pytest.MonkeyPatch) -> None:
    urls = [f"https://mp.weixin.qq.com/s/acct-{i}" for i in range(30)]
    expected = [segno.make(url, error="m", mask=accounts.QR_MASK).matrix for url in urls]
    made: list[str] = []
    real = segno.make

    def counting(content: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(content)
        return real(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make", counting)
    assert [qrfast.matrix(url, "m", accounts.QR_MASK) for url in urls] == expected
    assert 1 <= len(made) == len(qrfast._LAYOUTS) < 5  # one check per table, not one make per code
    assert accounts.qr_svg(urls[-1]) == accounts._svg(expected[-1])


def test_a_table_that_differs_from_segno_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if segno's internals had changed under the table: a table of version 7 and up that places one bit wrongly fails its check."""
    real = qrfast._layout

    def wrong(version: int, error: int, mask: int) -> Any:
        layout = real(version, error, mask)
        return dataclasses.replace(layout, mask=layout.mask ^ 1) if layout is not None and version >= 7 else layout

    monkeypatch.setattr(qrfast, "_layout", wrong)
    texts = ["https://www.wuzhong.gov.cn/" + "a" * n for n in (10, 150, 300, 600)]
    for _ in range(2):
        for text in texts:
            assert qrfast.matrix(text, "m", accounts.QR_MASK) == segno.make(text, error="m", mask=accounts.QR_MASK).matrix
    dropped = [key for key, layout in qrfast._LAYOUTS.items() if layout is None]
    assert len(dropped) == 3 and all(version >= 7 for version, _, _ in dropped)
    assert any(layout is not None for layout in qrfast._LAYOUTS.values())


def test_another_segno_or_a_micro_code_is_made_by_segno(monkeypatch: pytest.MonkeyPatch) -> None:
    assert qrfast.matrix("12", "m", accounts.QR_MASK) == segno.make("12", error="m", mask=accounts.QR_MASK).matrix  # Micro QR
    assert not qrfast._LAYOUTS
    monkeypatch.setattr(segno, "__version__", "9.9.9")
    url = "https://www.wuzhong.gov.cn/zwgk/"
    assert qrfast.matrix(url, "m", accounts.QR_MASK) == segno.make(url, error="m", mask=accounts.QR_MASK).matrix
    assert not qrfast._LAYOUTS  # no table: segno's own way

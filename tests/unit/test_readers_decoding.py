"""Tests for precis.readers.decoding: any encoding in, text out, never a UnicodeDecodeError."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precis.errors import InputError
from precis.readers.decoding import decode

FRENCH = (
    "Le ministre a déclaré que les négociations « avancent » à Genève, où l'OTAN répondra "
    "à la fin de la semaine. Ça coûtera plus cher que prévu, a-t-il ajouté.\n"
) * 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-32"])
def test_decoding_recovers_text_saved_in_common_encodings(encoding: str) -> None:
    assert decode(FRENCH.encode(encoding), name="f.txt") == FRENCH


def test_decoding_uses_the_charset_a_server_declared() -> None:
    data = FRENCH.encode("iso-8859-15")
    assert decode(data, name="https://outlet.example/a", declared="ISO-8859-15") == FRENCH


def test_decoding_uses_the_charset_a_page_declares() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва заявила о переговорах.</p></body></html>'
    assert decode(page.encode("cp1251"), name="page.html") == page


def test_decoding_ignores_an_unknown_declared_charset() -> None:
    assert decode(FRENCH.encode("cp1252"), name="x", declared="no-such-charset") == FRENCH


def test_decoding_keeps_utf8_when_a_few_stray_bytes_are_bad() -> None:
    data = FRENCH.encode("utf-8") + b"caf\xe9 au lait\n"
    text = decode(data, name="mixed.txt")
    assert text.startswith(FRENCH)  # not re-read as cp1252 mojibake
    assert text.endswith("caf\ufffd au lait\n")


def test_decoding_refuses_binary_data_naming_the_input() -> None:
    with pytest.raises(InputError, match=r"photo\.png is not text") as info:
        decode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, name="photo.png")
    assert info.value.source == "photo.png"


@given(st.binary(max_size=2000))
def test_decoding_never_raises_anything_but_input_error(data: bytes) -> None:
    try:
        text = decode(data, name="fuzz")
    except InputError:
        return
    assert isinstance(text, str)


@given(st.text(max_size=300))
def test_decoding_utf8_round_trips(text: str) -> None:
    if "\x00" in text or text.startswith("\ufeff"):
        return
    assert decode(text.encode("utf-8"), name="t") == text

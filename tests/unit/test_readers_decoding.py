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


def test_decoding_header_wins_when_header_and_meta_disagree() -> None:
    # the server says KOI8-R, the page's <meta> says windows-1251: both decode these bytes, the header wins
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва заявила о переговорах.</p></body></html>'
    data = page.encode("koi8-r")
    assert decode(data, name="https://outlet.example/a", declared="koi8-r") == page
    assert decode(data, name="saved.html") == data.decode("cp1251")  # no header: the meta is what there is


def test_decoding_header_that_cannot_decode_yields_to_the_meta() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва заявила о переговорах.</p></body></html>'
    assert decode(page.encode("cp1251"), name="a", declared="ascii") == page


def test_decoding_valid_utf8_beats_a_declared_legacy_charset() -> None:
    # a template declaring iso-8859-1 over a UTF-8 body: read as UTF-8, not as "dÃ©clarÃ©" mojibake
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{FRENCH}</p></body></html>'
    assert decode(page.encode("utf-8"), name="a", declared="iso-8859-1") == page

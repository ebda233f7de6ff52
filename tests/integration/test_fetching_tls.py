"""Fetcher over real HTTPS on 127.0.0.1: the guard dials the checked address, TLS still speaks to the name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from precis.errors import BlockedAddressError, FetchError
from precis.readers.fetching import Fetcher

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


class _TLSSite:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for ``outlet.test``; records SNI and Host."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.server_names: list[str | None] = []
        self.hosts: list[str | None] = []
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)  # type: ignore[assignment]
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hosts.append(self.headers.get("Host"))
                body = b"<p>Ferry stalls</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=outlet.test",
         "-addext", "subjectAltName=DNS:outlet.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_site(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[_TLSSite]:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # the Fetcher's client trusts this certificate only
    site = _TLSSite(*certificate)
    yield site
    site.close()


def test_fetching_tls_uses_the_name_for_sni_certificate_and_host_while_dialling_the_checked_address(
    tls_site: _TLSSite,
) -> None:
    dialled: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        dialled.append(host)
        return ["127.0.0.1"] if host == "outlet.test" else []

    with Fetcher(allowed_hosts={"outlet.test"}, resolver=resolver, retries=0, timeout=5.0) as fetcher:
        page = fetcher.fetch(f"https://outlet.test:{tls_site.port}/a")
    assert page.body == b"<p>Ferry stalls</p>" and page.final_url == f"https://outlet.test:{tls_site.port}/a"
    assert dialled == ["outlet.test"]  # resolved once, by the guard
    assert tls_site.server_names == ["outlet.test"]  # SNI carries the name, not the address dialled
    assert tls_site.hosts == [f"outlet.test:{tls_site.port}"]


def test_fetching_tls_checks_the_certificate_against_the_name(tls_site: _TLSSite) -> None:
    """The same server reached by another name: the certificate does not match, so the fetch fails."""
    resolver = {"other.test": ["127.0.0.1"]}
    with Fetcher(allowed_hosts={"other.test"}, resolver=lambda h, p: resolver[h], retries=0, timeout=5.0) as fetcher:
        with pytest.raises(FetchError, match="could not connect") as caught:
            fetcher.fetch(f"https://other.test:{tls_site.port}/a")
    assert not isinstance(caught.value, BlockedAddressError)
    assert tls_site.server_names == ["other.test"] and tls_site.hosts == []


def test_fetching_tls_guard_refuses_a_private_answer_before_any_handshake(tls_site: _TLSSite) -> None:
    with Fetcher(resolver=lambda h, p: ["127.0.0.1"], retries=0, timeout=5.0) as fetcher:
        with pytest.raises(BlockedAddressError, match=r"outlet\.test resolves to 127\.0\.0\.1"):
            fetcher.fetch(f"https://outlet.test:{tls_site.port}/a")
    assert tls_site.server_names == []

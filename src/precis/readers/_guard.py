"""The SSRF guard of :mod:`precis.readers.fetching`: which addresses may be fetched.

:func:`address_problem` classifies one IP address. :class:`Guard` applies the
policy to a host (names, literal IPs, and every address a name resolves to).
:class:`~precis.readers._transport.PinnedBackend` is the httpcore network
backend that asks the guard once, and dials the addresses it checked, so that
what is checked is what is connected to (see the docstring of
:mod:`precis.readers.fetching`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Guard", "Refused", "Unresolvable", "address_problem", "normal_host", "system_resolver"]

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "168.63.129.16")
)
_METADATA_NAMES = frozenset({"metadata", "metadata.goog", "metadata.google.internal", "instance-data"})
_PRIVATE_NAME_SUFFIXES = (".localhost", ".internal", ".local", ".home.arpa")
_NOT_PUBLIC_V4 = (
    (ipaddress.ip_network("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
    (ipaddress.ip_network("192.0.0.0/24"), "an IETF protocol address"),
    (ipaddress.ip_network("192.88.99.0/24"), "a 6to4 relay address"),
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CATEGORIES = (
    ("is_unspecified", "an unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_site_local", "a site-local address"),
    ("is_private", "a private address"),
    ("is_reserved", "a reserved address"),
)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv4-mapped, NAT64 or 6to4 address stands for."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    return None


def address_problem(ip: _IPAddress) -> str | None:
    """What makes ``ip`` unfit to fetch from (e.g. "a loopback address"), or None for a public address."""
    if ip in _METADATA_ADDRESSES:
        return "a cloud metadata endpoint"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped (link-local) address"
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = address_problem(embedded[1])
            return f"an {embedded[0]} form of {inner}" if inner else None
    else:
        for network, name in _NOT_PUBLIC_V4:
            if ip in network:
                return name
    for attribute, name in _CATEGORIES:
        if getattr(ip, attribute, False):
            return name
    return None if ip.is_global else "a special-purpose (not public) address"


def normal_host(host: str) -> str:
    """A host as compared with ``allowed_hosts``: lower case, no brackets or final dot, IPs canonical."""
    host = host.strip().lower().removeprefix("[").removesuffix("]").removesuffix(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def _name_problem(host: str) -> str | None:
    """What makes a host name unfit to fetch from by its name alone, or None."""
    if host in _METADATA_NAMES:
        return "a cloud metadata host name"
    if host == "localhost" or host.endswith(_PRIVATE_NAME_SUFFIXES):
        return "a private-use host name"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the system resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class Refused(Exception):
    """Raised inside the connection pool when the guard refuses a host; carries what to tell the user."""

    def __init__(self, host: str, detail: str) -> None:
        super().__init__(detail)
        self.host = host
        self.detail = detail


class Unresolvable(Exception):
    """Raised inside the connection pool when a host name does not resolve."""


@dataclass(frozen=True, slots=True)
class Guard:
    """The SSRF policy: which hosts and addresses may be connected to."""

    allow_private: bool
    allowed_hosts: frozenset[str]
    resolver: Callable[[str, int], list[str]]

    def trusted(self, host: str) -> bool:
        return self.allow_private or normal_host(host) in self.allowed_hosts

    def check_host(self, host: str) -> None:
        """Refuse, before any lookup, a host that is blocked by its name or literal address."""
        if self.trusted(host):
            return
        name = normal_host(host)
        try:
            problem = address_problem(ipaddress.ip_address(name))
            subject = f"the address {name}"
        except ValueError:
            problem, subject = _name_problem(name), name
        if problem:
            raise Refused(host, f"{subject} is {problem}")

    def addresses(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` once and return its addresses, all of them checked unless the host is trusted."""
        self.check_host(host)
        name = normal_host(host)
        try:
            return [str(ipaddress.ip_address(name))]
        except ValueError:
            pass
        try:
            found = list(dict.fromkeys(self.resolver(name, port)))
        except OSError as exc:
            raise Unresolvable(f"could not find the host {name!r} ({exc.strerror or exc})") from None
        if not found:
            raise Unresolvable(f"could not find the host {name!r} (no address)")
        for address in found:
            try:
                problem = address_problem(ipaddress.ip_address(address))
            except ValueError:
                raise Unresolvable(f"the resolver gave {address!r} for {name!r}, not an IP address") from None
            if problem and not self.trusted(host):
                raise Refused(host, f"{name} resolves to {address}, {problem}")
        return found

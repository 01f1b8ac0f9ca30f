"""Refuse every network connection and name lookup that is not loopback, in this process.

A test that needs a server starts one on 127.0.0.1 (tests/support, pytest-httpserver); nothing in
the suite may depend on, or leak data to, a host on the internet. Refusals raise `NetworkBlocked`,
an `OSError`, so code that copes with an offline network sees an ordinary connection failure; each
refusal is also kept in `attempts`, which tests/conftest.py checks after every test, so a refusal
swallowed by a fallback still fails the test that caused it. Child processes print the refusal on
stderr. Connections made by C libraries (libpq, Chromium) bypass Python sockets and are not seen.
"""

import ipaddress
import socket
import sys

ENV_FLAG = "PORTAL_LOOPBACK_ONLY"
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}

attempts = []


class NetworkBlocked(ConnectionRefusedError):
    """A connection or lookup outside loopback, refused by the test suite's guard."""


def _is_ip_literal(host):
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _is_loopback_address(host):
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def _is_local_name(host):
    name = host.rstrip(".").lower()
    return name in LOCAL_NAMES or name.endswith(".localhost") or name == socket.gethostname().lower()


def _refuse(kind, target):
    attempts.append((kind, target))
    message = f"{kind} to {target} refused: the test suite allows loopback only"
    print(f"NetworkBlocked: {message}", file=sys.stderr)
    raise NetworkBlocked(message)


def _check_address(kind, family, address):
    if family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
        return  # Unix sockets and the like never leave the machine.
    host, port = str(address[0]), address[1]
    if not _is_loopback_address(host) and not _is_local_name(host):
        _refuse(kind, f"{host}:{port}")


def _check_name(kind, host):
    if host is None or host == "":
        return
    host = host.decode() if isinstance(host, bytes) else str(host)
    # An address literal needs no resolver (binding 0.0.0.0 is fine); connecting to it is checked.
    if not (_is_ip_literal(host) or _is_local_name(host)):
        _refuse(kind, host)


def install():
    """Patch the socket module once; later calls do nothing."""
    if getattr(socket, "_loopback_only", False):
        return
    socket._loopback_only = True
    connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
    getaddrinfo, gethostbyname, gethostbyname_ex = socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex

    def guarded_connect(self, address):
        _check_address("connect", self.family, address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        _check_address("connect", self.family, address)
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        _check_address("sendto", self.family, args[-1])
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):
        _check_name("lookup", host)
        return getaddrinfo(host, *args, **kwargs)

    def guarded_gethostbyname(host):
        _check_name("lookup", host)
        return gethostbyname(host)

    def guarded_gethostbyname_ex(host):
        _check_name("lookup", host)
        return gethostbyname_ex(host)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.socket.sendto = guarded_sendto
    socket.getaddrinfo = guarded_getaddrinfo
    socket.gethostbyname = guarded_gethostbyname
    socket.gethostbyname_ex = guarded_gethostbyname_ex

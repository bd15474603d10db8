"""The address participants can reach: where ``kit serve`` listens, as seen from the room.

With ``--host 0.0.0.0`` (or ``::``) the server listens on every address of the machine;
the address to show is then this machine's address in the local network. It is found
without sending anything: connecting a UDP socket only asks the operating system which
of its addresses it would use for that destination (:func:`lan_address`). A loopback
address (127.x, ::1) never reaches another device, so it is only shown when there is
nothing else, and then the page says that it works on this computer only.
"""

from __future__ import annotations

import ipaddress
import socket

PUBLIC_URL_ENV = "KIT_PUBLIC_URL"  # kit serve tells its kernels this address (http://host:port)
ALL_ADDRESSES = ("", "0.0.0.0", "::")
# Destinations in the private ranges: a route to one of them names the address of the local network.
# Nothing is sent to them (a UDP connect only picks the source address).
PRIVATE_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def lan_address() -> str | None:
    """This machine's IPv4 address in the local network, or None when it only has loopback."""
    for probe in PRIVATE_PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                address = sock.getsockname()[0]
        except OSError:
            continue
        if _usable(address):
            return address
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    return next((info[4][0] for info in infos if _usable(info[4][0])), None)


def public_host(host: str) -> str:
    """The host name or address to put in a link for a server that listens on ``host``."""
    if host in ALL_ADDRESSES:
        return lan_address() or "127.0.0.1"
    return host


def public_url(host: str, port: int) -> str:
    """``http://HOST:PORT`` as the room reaches a server listening on ``host``:``port``."""
    name = public_host(host)
    if ":" in name:  # an IPv6 address goes between brackets in a URL
        name = f"[{name}]"
    return f"http://{name}:{port}"


def local_only(url_or_host: str) -> bool:
    """True when the address points at this computer only (127.x, ::1, localhost)."""
    from urllib.parse import urlsplit

    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    host = (host or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

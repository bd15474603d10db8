"""The join address as a QR code: an inline SVG that a phone camera reads from the beamer.

Made with segno (error correction at least M, so a projected code with glare still reads);
black on white with the standard quiet zone of four modules, whatever the banner's colour.
The SVG has an accessible name that gives the address, so a screen reader says what the
picture holds.
"""

from __future__ import annotations

import functools
import html

QUIET_ZONE = 4


def qr_code(address: str):
    """The segno QR code of ``address`` (also what the tests compare the page's picture with)."""
    import segno

    return segno.make(address, error="m", micro=False)


@functools.lru_cache(maxsize=32)
def qr_svg(address: str) -> str:
    """``<svg role="img" aria-label="...">`` of the QR code of ``address``, sized by CSS (class ``kit-join-qr``)."""
    label = f"QR-code met het adres {address}"
    svg = qr_code(address).svg_inline(scale=1, border=QUIET_ZONE, dark="#000", light="#fff",
                                      title=label, svgclass="kit-join-qr", omitsize=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label, quote=True)}" ', 1)

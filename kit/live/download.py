"""A button that makes a file when clicked and then offers it as a download link.

The plan, the signaleringskaart, the draaiboek and the certificates are made on request
(with the data of that moment) and handed to the browser as a ``data:`` link, so nothing
of the school's folder is ever served over HTTP. Making a file can fail: a Dutch message
appears where the link would be, and the page goes on.
"""

from __future__ import annotations

import base64
import html
import sys
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from kit.errors import KitError

if TYPE_CHECKING:  # ipywidgets is imported only where a button is made (reports do not need it)
    import ipywidgets as w

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BUSY = '<span class="kit-note">Bezig met maken …</span>'


@dataclass(frozen=True)
class Download:
    """A made file: its name as saved, its bytes, and optional HTML (built by the kit) after the link."""

    name: str
    data: bytes
    after: str = ""


KINDS = {"pdf": "PDF", "docx": "Word", "html": "webpagina", "zip": "zip-bestand", "xlsx": "Excel"}


def size_text(size: int) -> str:
    """A file size as people read it: ``812 bytes``, ``14 kB``, ``2,3 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def link_label(name: str, size: int) -> str:
    """What the link says: that it saves the file, its name, its kind and its size (``… (PDF, 412 kB)``)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS.get(extension, extension.upper() or "bestand")
    return f"Opslaan: {name} ({kind}, {size_text(size)})"


def data_link(name: str, data: bytes, *classes: str) -> str:
    """An anchor that saves ``data`` as ``name`` when clicked (the type follows from the file's extension).

    It looks like a button (kit.css) and says in Dutch what it saves: name, kind and size.
    """
    mime = MIME.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    names = " ".join(("kit-download-link",) + tuple(classes))
    return (f'<a class="{names}" download="{html.escape(name)}" href="{href}">'
            f'<span aria-hidden="true">⬇ </span>{html.escape(link_label(name, len(data)))}</a>')


def make_download(label: str, produce: Callable[[], Download | str], *, failed: str,
                  button_classes: Sequence[str] = (), result_classes: Sequence[str] = (),
                  link_classes: Sequence[str] = (), icon: str = "file", tooltip: str = "") -> "w.HBox":
    """A button ``label`` that calls ``produce`` and shows the download link beside it.

    ``produce`` returns a :class:`Download`, or a note (HTML built by the kit) when there is
    nothing to download. A :class:`KitError` shows its Dutch message; any other error shows
    ``failed`` (Dutch) and goes to the server log, never to the page.
    """
    import ipywidgets as w

    button = w.Button(description=label, icon=icon, button_style="primary", tooltip=tooltip or label,
                      layout=w.Layout(width="auto"))
    result = w.HTML()
    for name in ("kit-button", *button_classes):
        button.add_class(name)
    for name in ("kit-download-result", *result_classes):
        result.add_class(name)

    def on_click(_button) -> None:
        button.disabled = True
        result.value = BUSY
        try:
            made = produce()
            result.value = made if isinstance(made, str) else data_link(made.name, made.data, *link_classes) + made.after
        except KitError as exc:
            lines = "<br>".join(html.escape(line) for line in str(exc).splitlines())
            result.value = f'<div class="kit-msg kit-msg-error" role="alert">{lines}</div>'
        except Exception:  # never crash a live page; the details go to the server log
            traceback.print_exc(file=sys.stderr)
            result.value = f'<div class="kit-msg kit-msg-error" role="alert">{html.escape(failed)}</div>'
        finally:
            button.disabled = False

    button.on_click(on_click)
    row = w.HBox([button, result], layout=w.Layout(align_items="center", flex_flow="row wrap"))
    row.add_class("kit-download-row")  # the gap between button and link: kit.css
    return row

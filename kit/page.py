"""What a notebook page needs around its content: which school, which mode, friendly errors.

The same notebook runs under papermill (a static report) and under Voila (a live
app). Under Voila the page learns its school from the URL (``?school=<id>``) and
must never show a traceback: errors become a Dutch message box and the rest of the
page is skipped. Under papermill an error is raised, so the run fails loudly.
"""

from __future__ import annotations

import functools
import html
import os
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar
from urllib.parse import parse_qs, urlencode

from kit.errors import KitError, WorkspaceError
from kit.paths import workspace_path
from kit.preheat import preheated, wait_for_request
from kit.workspace import school_path

F = TypeVar("F", bound=Callable[..., Any])
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


def in_voila() -> bool:
    """True inside a kernel that Voila started for a page."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")


def query() -> dict[str, str]:
    """The page URL's query parameters (first value of each), as Voila passes them to the kernel."""
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


@dataclass
class Page:
    """The school a page is about, where its files go, and how it is being shown."""

    school_dir: Path
    output_dir: Path
    live: bool
    school_id: str
    link_params: dict[str, str]

    def link(self, notebook: str) -> str:
        """URL of another app for this school (Voila), keeping the workshop code or key."""
        params = {"school": self.school_id, **self.link_params}
        return f"{notebook}?{urlencode(params)}"


def open_page(school_dir: str = "", output_dir: str = "") -> Page | None:
    """Resolve the page's school from the notebook parameters, or from the URL under Voila.

    Returns ``None`` (after showing a Dutch message and halting the page) when the
    school cannot be found under Voila; raises :class:`KitError` otherwise.
    """
    try:
        if not wait_for_request():  # a kernel from kit serve's pool learns its page address here
            raise KitError("Deze pagina kon niet worden voorbereid.",
                           hint="Laad de pagina opnieuw. Lukt het dan nog niet, meld het aan de begeleider.")
        page = _resolve(school_dir, output_dir)
    except KitError as exc:
        if not in_voila() and not preheated():
            raise
        show_error(str(exc), title="Deze pagina kan niet worden geopend")
        halt()
        return None
    inject_style()
    return page


def _resolve(school_dir: str, output_dir: str) -> Page:
    params = query()
    links = {k: v for k in ("code", "key") if (v := params.get(k, "")) and _TOKEN_RE.match(v)}
    if school_dir:
        folder = Path(school_dir).expanduser().resolve()
        if not (folder / "school.yaml").is_file():
            raise WorkspaceError(f"{folder}: hier staat geen school.yaml.",
                                 hint="Geef bij school_dir de map van een school op.")
        school_id = folder.name
    else:
        school_id = params.get("school", "")
        if not school_id:
            hint = ("Open deze pagina met de link van de begeleider: daarin staat de school "
                    "(bijvoorbeeld ?school=demo-school)." if in_voila() or preheated() else
                    "Geef de map van de school mee als parameter school_dir (papermill -p school_dir ...).")
            raise WorkspaceError("Er is geen school gekozen.", hint=hint)
        folder = school_path(workspace_path(), school_id)
        if not (folder / "school.yaml").is_file():  # say no more to a browser than that it is unknown
            raise WorkspaceError(f"Er is geen school met de id '{school_id}'.",
                                 hint="Controleer het adres, of vraag de begeleider om de juiste link.")
    out = Path(output_dir).expanduser().resolve() if output_dir else folder / "output"
    return Page(school_dir=folder, output_dir=out, live=in_voila(), school_id=school_id, link_params=links)


def halt() -> None:
    """Skip every later cell of this page (Voila only): their code is replaced by nothing."""
    shell = _shell()
    if shell is not None and _skip_all not in shell.input_transformers_post:
        shell.input_transformers_post.append(_skip_all)


def _skip_all(lines: list[str]) -> list[str]:
    return []


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - always there in a kernel
        return None
    return get_ipython()


def friendly(func: F) -> F:
    """Under Voila, turn any error in ``func`` into a Dutch message box instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not in_voila():
            return func(*args, **kwargs)
        try:
            return func(*args, **kwargs)
        except KitError as exc:
            show_error(str(exc))
        except Exception:  # never crash a live workshop; the details go to the server log
            traceback.print_exc(file=sys.stderr)
            show_error("Dit onderdeel kon niet worden getoond door een fout in de kit. De rest van de "
                       "pagina werkt gewoon. Meld dit aan de begeleider; de details staan in het serverlog.")
        return None

    return wrapper  # type: ignore[return-value]


def show_html(markup: str) -> None:
    """Display trusted markup (built by the kit's templates, user text already escaped)."""
    from IPython.display import HTML, display

    display(HTML(markup))


def show_error(message: str, title: str = "Er ging iets mis") -> None:
    """A Dutch message box; ``message`` is shown as plain text."""
    inject_style()
    lines = "<br>".join(html.escape(line) for line in message.splitlines())
    show_html(f'<div class="kit-box kit-error" role="alert"><strong>{html.escape(title)}</strong>'
              f"<p>{lines}</p></div>")


_STYLE_SHOWN = False


def inject_style() -> None:
    """Put the kit's stylesheet on the page once."""
    global _STYLE_SHOWN
    if _STYLE_SHOWN:
        return
    from kit.render import stylesheet

    show_html(f"<style>{stylesheet()}</style>")
    _STYLE_SHOWN = True

"""Certificates as PDF: one A4 page per participant (Jinja2 with autoescape, WeasyPrint), and all as a zip.

``make_certificates`` does the whole job for ``kit certificaat`` and the download on the
start page: attendance (store or the facilitator's list), issuing (numbers recorded in the
store), rendering. Only participants who gave their full name get a certificate.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kit import dates
from kit.certificates.issue import Certificate, issue
from kit.certificates.roster import from_file, from_store, meeting_days
from kit.draaiboek.model import Draaiboek, hours_text, load_draaiboek
from kit.errors import KitError
from kit.render import pdf_from_html, render

FOLDER = "certificaten"


@dataclass
class Batch:
    """What one run made: the certificates, and who got none (no full name, or no meeting)."""

    certificates: list[Certificate]
    files: dict[str, bytes] = field(default_factory=dict)  # file name -> PDF
    without_name: int = 0
    source: str = "workshops"


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "deelnemer"


def file_names(certificates: list[Certificate]) -> list[str]:
    """``certificaat-anna-de-vries.pdf``; a name that occurs twice gets the certificate number added."""
    slugs = [slug(c.name) for c in certificates]
    return [f"certificaat-{s}.pdf" if slugs.count(s) == 1 else f"certificaat-{s}-{c.number[-4:].lower()}.pdf"
            for s, c in zip(slugs, certificates)]


def _profile_facts(school_dir: Path) -> tuple[str, str | None]:
    from kit.profile import load_profile

    try:
        profile = load_profile(school_dir)
    except KitError:
        return school_dir.name, None
    return profile.naam, profile.get("schooljaar")


def certificate_html(cert: Certificate, draaiboek: Draaiboek, school_year: str | None,
                     facilitator: str | None = None) -> str:
    meetings = [{"number": m.number, "title": m.title, "day": dates.dutch_date(m.day), "minutes": m.minutes}
                for m in cert.meetings]
    product = f"het sociaal veiligheidsplan van {cert.school_name}"
    if school_year:
        product += f" voor schooljaar {school_year}"
    return render("certificaat.html.j2", cert=cert, meetings=meetings, hours=hours_text(cert.minutes),
                  goals=[m.learning_goal for m in cert.meetings], product=product,
                  course_title=draaiboek.course_title, issued_on=dates.dutch_date(cert.issued_on),
                  facilitator=facilitator, register_text=draaiboek.register_text,
                  dossier_text=draaiboek.dossier_text, total_meetings=len(draaiboek.meetings))


def pdf_bytes(html: str) -> bytes:
    return pdf_from_html(html)


def make_certificates(school_dir: str | Path, deelnemers: str | Path | None = None,
                      facilitator: str | None = None, draaiboek: Draaiboek | None = None) -> Batch:
    """Issue and render the school's certificates (nothing is written to disk here)."""
    from kit import workshop

    school_dir = Path(school_dir)
    draaiboek = draaiboek or load_draaiboek()
    school_name, school_year = _profile_facts(school_dir)
    has_store = (school_dir / workshop.DB_NAME).is_file()
    if deelnemers is None and not has_store:
        raise KitError(f"{school_dir.name}: er is nog geen workshop gehouden, dus niemand heeft een bijeenkomst "
                       "bijgewoond.", hint="Geef een eigen lijst met --deelnemers BESTAND (zie kit certificaat --help).")
    with workshop.Store(school_dir) as store:
        if deelnemers is not None:
            people, without_name, source = from_file(deelnemers, draaiboek, meeting_days(store, draaiboek)), 0, "lijst"
        else:
            (people, without_name), source = from_store(store, draaiboek), "workshops"
        certificates = issue(store, people, draaiboek, school_name)
    batch = Batch(certificates, without_name=without_name, source=source)
    for name, cert in zip(file_names(certificates), certificates):
        batch.files[name] = pdf_bytes(certificate_html(cert, draaiboek, school_year, facilitator))
    return batch


def write_certificates(school_dir: str | Path, deelnemers: str | Path | None = None,
                       facilitator: str | None = None) -> tuple[Batch, list[Path]]:
    """Write output/certificaten/*.pdf (earlier certificate PDFs there are replaced); returns the paths."""
    batch = make_certificates(school_dir, deelnemers, facilitator)
    folder = Path(school_dir) / "output" / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("certificaat-*.pdf"):
        old.unlink()
    paths = []
    for name, data in batch.files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return batch, paths


def zip_bytes(batch: Batch) -> bytes:
    """All certificates of a batch in one zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in batch.files.items():
            archive.writestr(name, data)
    return buffer.getvalue()

"""DOCX → PDF (and PDF → PNG for a look) where the machine can render it: LibreOffice headless
(`soffice`) and poppler's `pdftoppm`. Neither is needed to install or run the platform: without
them `to_pdf` raises `RendererMissing`, whose message tells the user in Vietnamese to download
the Word file instead."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from dvk.core.workflow import DomainError

TIMEOUT_S = 120


class RendererMissing(DomainError):
    """No PDF renderer on this server."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def can_render_pdf() -> bool:
    return soffice() is not None


def missing_message() -> str:
    return _(
        "This server cannot make PDF files (LibreOffice is not installed). Download the Word file "
        "(DOCX) and save it as PDF, or ask the administrator to install LibreOffice."
    )


def to_pdf(docx: bytes, *, name: str = "van-ban") -> bytes:
    """The PDF of a DOCX, converted by LibreOffice headless in a temporary directory."""
    return to_pdfs({name: docx})[name]


def to_pdfs(files: dict[str, bytes]) -> dict[str, bytes]:
    """Several DOCX files converted by one LibreOffice run (it starts slowly): {name: PDF bytes}."""
    binary = soffice()
    if binary is None:
        raise RendererMissing(missing_message())
    failed = _("The PDF file could not be made; download the Word file (DOCX).")
    with tempfile.TemporaryDirectory(prefix="dvk-pdf-") as tmp:
        sources = []
        for name, content in files.items():
            source = Path(tmp) / f"{name}.docx"
            source.write_bytes(content)
            sources.append(str(source))
        profile = Path(tmp) / "profile"
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, the binary found on PATH
                [
                    binary,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    *sources,
                ],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise RendererMissing(failed) from exc
        out = {}
        for name in files:
            target = Path(tmp) / f"{name}.pdf"
            if not target.exists():
                raise RendererMissing(failed)
            out[name] = target.read_bytes()
        return out


def to_png(pdf: bytes, directory: Path, *, resolution: int = 60) -> list[Path]:
    """Every page of a PDF as PNG files in `directory` (pdftoppm); [] without poppler."""
    binary = pdftoppm()
    if binary is None:
        return []
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "render.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed arguments, the binary found on PATH
        [binary, "-png", "-r", str(resolution), str(source), str(directory / "page")],
        check=True,
        capture_output=True,
        timeout=TIMEOUT_S,
    )
    return sorted(directory.glob("page*.png"))

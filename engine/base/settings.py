"""Settings, read once from the environment (prefix ``NRM_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NRM_")

    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    clock: Literal["system", "manual"] = "system"
    # Demo mode (NRM_DEMO=1): `nrm demo` may add its demo users and cases, and `nrm serve` serves
    # a database that holds them. Never on a server with real cases.
    demo: bool = False
    processes_dir: Path = PROJECT_ROOT / "processes"
    forms_dir: Path = PROJECT_ROOT / "forms"
    # Request bodies, refused with 413 before they are read (api/body_limits.py): a diagram
    # (2 MB of BPMN, escaped in JSON), a sign-in, anything else (a form's answers).
    max_diagram_request_bytes: int = 6_000_000
    max_sign_in_request_bytes: int = 16_000
    max_request_bytes: int = 1_000_000
    # A file attached to a case (a scanned court order, a photo of a document): 10 MB holds a
    # multi-page scan at 300 dpi; larger is refused, naming the limit (docs/assumptions.md).
    max_attachment_bytes: int = 10_000_000
    timer_interval_seconds: float = 30.0
    # Lines a diagram's script or condition may run before it is stopped as endless. Counted,
    # not timed, so that replaying a case stops a script at exactly the same point.
    script_max_lines: int = 100_000
    # Work one run may do besides its lines (items made, copied or walked inside Python's own
    # code, where no line is counted), and the most items (characters) one sequence may hold:
    # bounds on time and memory, counted like the lines (engine/workflow/script_budget.py).
    script_max_work: int = 10_000_000
    script_max_items: int = 1_000_000
    # PEM (or DER) files of the key and certificate that sign every generated document (PAdES).
    # Unset: a self-signed demo certificate is made under data_dir/signing/ (documents/signing.py).
    signing_key: Path | None = None
    signing_cert: Path | None = None

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'nrm.sqlite3'}"

#!/usr/bin/env python3
"""`make audit`: the pinned dependencies (requirements.lock) against the known-vulnerability
database, with pip-audit, offline-tolerant.

    pip-audit -r requirements.lock --no-deps --disable-pip -f json

(`--no-deps --disable-pip`: the lock file is complete and pinned, so nothing is resolved or
installed; pip-audit only looks each `name==version` up in the advisory service, PyPI's by default
or OSV with AUDIT_SERVICE=osv.)

Outcome, by exit code:
- 0 and "no known vulnerabilities": every package was looked up and none has an advisory;
- 0 and a WARNING: the advisory database could not be reached (no network, DNS failure, timeout)
  or answered for none of the packages (a mirror without PyPI's JSON API answers "not found" for
  each one): nothing was audited, which the warning says, and the build goes on;
- 1: at least one pinned package has a known vulnerability (each one listed with its advisory ids
  and the versions that fix it). AUDIT_IGNORE="GHSA-…,PYSEC-…" accepts named advisories after review;
- 2: pip-audit failed for another reason (a lock file it cannot read...).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NETWORK_ERRORS = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|timed out|Temporary failure in name "
    r"resolution|Network is unreachable|Connection refused|SSLError|ProxyError|ServiceError",
    re.I,
)
NOT_FOUND = "not found on PyPI"
# under this share of packages looked up, the database is taken as unreachable, not as answering
MIN_AUDITED_SHARE = 0.5


@dataclass
class Outcome:
    code: int
    lines: list[str] = field(default_factory=list)


def classify(
    report: dict | None, stderr: str, returncode: int, ignored: frozenset[str] = frozenset()
) -> Outcome:
    """The verdict on one pip-audit run: its JSON report (None if it wrote none), its stderr and exit
    code."""
    if report is None:
        if NETWORK_ERRORS.search(stderr):
            reason = NETWORK_ERRORS.search(stderr)[0]  # type: ignore[index]
            return Outcome(
                0, [f"WARNING: the advisory database could not be reached ({reason}): nothing audited."]
            )
        tail = stderr.strip().splitlines()[-1:] or [f"exit code {returncode}"]
        return Outcome(2, [f"ERROR: pip-audit failed: {tail[0]}"])
    deps = report.get("dependencies", [])
    vulnerable = []
    for dep in deps:
        vulns = [v for v in dep.get("vulns", []) if not ({v.get("id"), *v.get("aliases", [])} & ignored)]
        if vulns:
            vulnerable.append((dep, vulns))
    if vulnerable:
        lines = [f"FAIL: {len(vulnerable)} pinned package(s) with known vulnerabilities:"]
        for dep, vulns in vulnerable:
            for v in vulns:
                fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
                aliases = ", ".join(a for a in v.get("aliases", []) if a != v.get("id"))
                lines.append(
                    f"  {dep['name']} {dep.get('version', '?')}: {v.get('id')}"
                    f"{f' ({aliases})' if aliases else ''}, fixed in {fixed}"
                )
        return Outcome(1, lines)
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = len(deps) - len(skipped)
    if deps and audited < len(deps) * MIN_AUDITED_SHARE:
        not_found = sum(1 for d in skipped if NOT_FOUND in d["skip_reason"])
        return Outcome(
            0,
            [
                f"WARNING: the advisory database answered for {audited} of {len(deps)} packages "
                f"({not_found} 'not found', as an index without PyPI's JSON API answers): "
                "the dependencies were NOT audited."
            ],
        )
    lines = [f"No known vulnerabilities in {audited} audited packages of requirements.lock."]
    lines += [f"  not audited: {d['name']} ({d['skip_reason']})" for d in skipped]
    return Outcome(0, lines)


def main(argv: list[str]) -> int:
    lock = argv[1] if len(argv) > 1 else str(ROOT / "requirements.lock")
    ignored = frozenset(filter(None, os.environ.get("AUDIT_IGNORE", "").split(",")))
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        command = [
            str(pip_audit),
            "-r",
            lock,
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--timeout",
            os.environ.get("AUDIT_TIMEOUT", "15"),
            "-s",
            os.environ.get("AUDIT_SERVICE", "pypi"),
            "-f",
            "json",
            "-o",
            str(out),
        ]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            print("WARNING: the advisory database did not answer in 10 minutes: nothing audited.")
            return 0
        report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
    outcome = classify(report, run.stderr, run.returncode, ignored)
    print("\n".join(outcome.lines))
    return outcome.code


if __name__ == "__main__":
    sys.exit(main(sys.argv))

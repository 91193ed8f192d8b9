"""`make audit` (scripts/audit_deps.py): the verdict on pip-audit's JSON report, and a real run on a
lock file of one package, whatever the network allows (an audit or the offline warning, never a
failure for want of a network)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("audit_deps", ROOT / "scripts" / "audit_deps.py")
assert _spec and _spec.loader
audit_deps = importlib.util.module_from_spec(_spec)
sys.modules["audit_deps"] = audit_deps  # dataclasses look their module up
_spec.loader.exec_module(audit_deps)

VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {
            "name": "jinja2",
            "version": "2.10",
            "vulns": [
                {
                    "id": "PYSEC-2019-217",
                    "fix_versions": ["2.10.1"],
                    "aliases": ["CVE-2019-10906", "GHSA-462w-v97r-4m45"],
                    "description": "sandbox escape",
                }
            ],
        },
    ],
    "fixes": [],
}


def test_a_known_vulnerability_fails():
    outcome = audit_deps.classify(VULNERABLE, "", 1)
    assert outcome.code == 1
    assert "jinja2 2.10: PYSEC-2019-217 (CVE-2019-10906, GHSA-462w-v97r-4m45), fixed in 2.10.1" in "\n".join(
        outcome.lines
    )


def test_an_advisory_accepted_after_review_is_ignored_by_any_of_its_ids():
    assert audit_deps.classify(VULNERABLE, "", 1, frozenset({"GHSA-462w-v97r-4m45"})).code == 0


def test_no_network_is_a_warning():
    stderr = (
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries "
        "exceeded with url: /v1/query (Caused by NameResolutionError(...))"
    )
    outcome = audit_deps.classify(None, stderr, 1)
    assert outcome.code == 0 and outcome.lines[0].startswith(
        "WARNING: the advisory database could not be reached"
    )


def test_a_database_that_knows_no_package_is_a_warning_not_a_pass():
    report = {
        "dependencies": [
            {"name": n, "skip_reason": f"Dependency not found on PyPI and could not be audited: {n} (1.0)"}
            for n in ("django", "boto3", "lxml")
        ]
    }
    outcome = audit_deps.classify(report, "", 0)
    assert outcome.code == 0 and "NOT audited" in outcome.lines[0] and "0 of 3" in outcome.lines[0]


def test_a_clean_audit_passes_and_names_what_it_skipped():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.19", "vulns": []},
            {"name": "boto3", "version": "1.44.8", "vulns": []},
            {
                "name": "dvk",
                "skip_reason": "Dependency not found on PyPI and could not be audited: dvk (0.1)",
            },
        ]
    }
    outcome = audit_deps.classify(report, "", 0)
    assert outcome.code == 0 and outcome.lines[0].startswith("No known vulnerabilities in 2 audited packages")
    assert "not audited: dvk" in outcome.lines[1]


def test_another_failure_of_pip_audit_is_an_error():
    outcome = audit_deps.classify(None, "Traceback...\nValueError: invalid requirement: 'django=='", 1)
    assert outcome.code == 2 and "invalid requirement" in outcome.lines[0]


def test_a_real_run_never_fails_for_want_of_a_network(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("django==5.2.19\n")
    run = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(ROOT / "scripts" / "audit_deps.py"), str(lock)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={"AUDIT_TIMEOUT": "5", "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr
    assert run.stdout.startswith(("WARNING:", "No known vulnerabilities", "FAIL:")), run.stdout + run.stderr

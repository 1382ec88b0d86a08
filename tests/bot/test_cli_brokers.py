"""`python -m bot brokers ...` as an operator runs it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.bot.test_cli import _run

DATA = Path(__file__).resolve().parents[1] / "brokers" / "data"
REPLIES = Path(__file__).resolve().parents[1] / "brokers" / "replies"


def _env(tmp_path: Path) -> dict[str, str]:
    return {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}


def test_list_prints_at_least_1500_brokers_and_400_companies_then_the_counts(tmp_path: Path) -> None:
    result = _run(["brokers", "list", "--format", "json"], _env(tmp_path))
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    kinds = Counter(r["kind"] for r in records)
    assert kinds["broker"] >= 1500
    assert kinds["company"] >= 400
    assert {"id", "name", "category", "kind", "domains", "email", "form_url"} <= set(records[0])
    assert f"broker {kinds['broker']}" in result.stderr and f"company {kinds['company']}" in result.stderr
    assert "by channel: " in result.stderr and "by source: " in result.stderr


def test_check_lists_its_findings_and_skips_mx_without_the_flag(tmp_path: Path) -> None:
    result = _run(["brokers", "check"], _env(tmp_path))
    assert "no_channel" not in result.stdout and "duplicate_domain" not in result.stdout
    assert "disagreement" in result.stdout  # the registry imports differ from some curated addresses
    assert result.returncode == 1


def test_bundle_refuses_a_bad_source_and_writes_nothing(tmp_path: Path) -> None:
    for spec in (
        "nonsense:x.csv:2026-01-01",
        "markup:x.csv:yesterday",
        f"markup:{tmp_path}/none.csv:2026-01-01",
    ):
        result = _run(["brokers", "bundle", "--source", spec, "--out", str(tmp_path)], _env(tmp_path))
        assert result.returncode == 2
        assert result.stderr.startswith("bundle: ")
    assert list(tmp_path.glob("*.toml")) == []


def test_match_prints_the_brokers_id_or_null(tmp_path: Path) -> None:
    hit = _run(["brokers", "match", '"Spokeo Team" <No-Reply+x@Mail.SPOKEO.com>'], _env(tmp_path))
    miss = _run(["brokers", "match", '"Spokeo" <spokeo.fan@gmail.com>'], _env(tmp_path))
    assert json.loads(hit.stdout)["id"] == "spokeo"
    assert json.loads(miss.stdout)["id"] is None


def test_classify_reads_an_eml_from_stdin(tmp_path: Path) -> None:
    bounce = next(p for p in sorted(REPLIES.glob("*.eml")) if "X-Expected-Class: bounced" in p.read_text())
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bot", "brokers", "classify", "-"],
        input=bounce.read_text(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path)},
    )
    output = json.loads(result.stdout)
    assert output["class"] == "bounced"
    assert output["phrase"]


def test_import_is_a_dry_run_until_applied(tmp_path: Path) -> None:
    sample = str(DATA / "ca_registry_sample.csv")
    dry = _run(["brokers", "import", "--format", "california-registry", sample], _env(tmp_path))
    assert "dry run: nothing written" in dry.stdout
    before = json.loads(_run(["brokers", "list", "--format", "json"], _env(tmp_path)).stdout)
    applied = _run(
        ["brokers", "import", "--format", "california-registry", sample, "--apply"], _env(tmp_path)
    )
    assert "written:" in applied.stdout
    after = json.loads(_run(["brokers", "list", "--format", "json"], _env(tmp_path)).stdout)
    assert len(after) > len(before)


def test_import_of_datarequests_records(tmp_path: Path) -> None:
    sample = str(DATA / "datarequests_sample.json")
    result = _run(["brokers", "import", "--format", "datarequests", sample], _env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "records read" in result.stdout


def test_registries_writes_the_state_file_from_registry_copies_and_refuses_bad_input(tmp_path: Path) -> None:
    import shutil

    catalog = Path(__file__).resolve().parents[2] / "brokers" / "data"
    for name in ("brokers.toml", "companies.toml", "imported-brokers.toml", "imported-companies.toml"):
        shutil.copy(catalog / name, tmp_path / name)
    texas = tmp_path / "tx.csv"
    texas.write_text(
        '"Registration Number","Full Legal Name","Data Broker Email Address","Website",'
        '"Consumer Rights Link","Submitted On"\n'
        '"1","BeenVerified, LLC","legal@beenverified.com","beenverified.com, peoplelooker.com",'
        '"https://www.beenverified.com/optout","2/26/2026"\n'
        '"2","Brand New Data LLC","privacy@brandnewdata.test","brandnewdata.test","","1/5/2026"\n',
        encoding="utf-8",
    )
    spec = f"texas:{texas}:2026-10-07"
    result = _run(["brokers", "registries", "--source", spec, "--out", str(tmp_path)], _env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "1 new brokers" in result.stdout and "1 parent links" in result.stdout
    written = (tmp_path / "state-registries.toml").read_text(encoding="utf-8")
    again = _run(["brokers", "registries", "--source", spec, "--out", str(tmp_path)], _env(tmp_path))
    assert (
        again.returncode == 0 and (tmp_path / "state-registries.toml").read_text(encoding="utf-8") == written
    )
    for bad in ("vermont:x.csv:2026-01-01", "markup:x.csv:2026-01-01", f"texas:{texas}:soon"):
        refused = _run(["brokers", "registries", "--source", bad, "--out", str(tmp_path)], _env(tmp_path))
        assert refused.returncode == 2 and refused.stderr.startswith("registries: ")
    (tmp_path / "not-texas.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    wrong = _run(
        [
            "brokers",
            "registries",
            "--source",
            f"texas:{tmp_path}/not-texas.csv:2026-01-01",
            "--out",
            str(tmp_path),
        ],
        _env(tmp_path),
    )
    assert wrong.returncode == 2 and "not the Texas" in wrong.stderr
    assert (tmp_path / "state-registries.toml").read_text(encoding="utf-8") == written

"""Fixtures of the module's tests: the command built beside the module
(MUSTER_CLI), the repository (MUSTER_SOURCE_DIR), and the logs every test
holds the module against the command on."""
import csv
import io
import math
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import muster

SOURCE = Path(os.environ.get("MUSTER_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = os.environ.get("MUSTER_CLI", str(SOURCE / "build" / "src" / "cli" / "muster"))
HAITI = SOURCE / "examples" / "haiti_mss" / "mss.csv"
# troopdata's table of US troops abroad (3.8 MB, not in the repository: in ../shared/data
# beside it, as the golden tests read it).
TROOPDATA = Path(os.environ.get("MUSTER_TROOPDATA", SOURCE.parent / "shared" / "data" / "us-troops-by-host-quarterly.csv"))
TROOPDATA_IMPORT = dict(year="year", month="month", country=["iso3c", "countryname"], count="troops_ad",
                        mission="US-DOD", source_column="source", missing_when={"source": "NA"},
                        skip_unknown_countries=True)
TROOPDATA_IMPORT_ARGS = ["--year", "year", "--month", "month", "--country", "iso3c", "--country",
                         "countryname", "--count", "troops_ad", "--mission", "US-DOD", "--source-column",
                         "source", "--missing-when", "source=NA", "--skip-unknown-countries"]


def section_flags(parts_only: bool) -> list[str]:
    """The command's options for Python's parts_only, in one place: the
    command answers by spec section 8 unless --parts-only."""
    return ["--parts-only"] if parts_only else []


# The commands run without the sanitizer runtime preloaded into this
# interpreter (the sanitizer run, python/CMakeLists.txt): they link their own.
_ENV = {k: v for k, v in os.environ.items() if not (k == "LD_PRELOAD" and os.environ.get("MUSTER_TEST_PRELOADED"))}


def run(*args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, check=check, env=_ENV)


def cli_csv(*args) -> list[list[str]]:
    """The command's CSV answer: header, then rows of cells."""
    out = run(*args, "--format", "csv").stdout
    return list(csv.reader(io.StringIO(out)))


def cell(v) -> str:
    """A DataFrame cell as the command's CSV writes it."""
    if v is pd.NA or v is pd.NaT or v is None:
        return ""
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return "yes" if v else "no"
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:.3f}"
    return str(v)


def frame_cells(df: pd.DataFrame, columns) -> list[list[str]]:
    rows = [list(columns)]
    cols = [df[c].tolist() if len(df) else [] for c in columns]
    for i in range(len(df)):
        rows.append([cell(col[i]) for col in cols])
    return rows


# Columns the module adds that the command's CSV does not have.
EXTRA = {"unattributed", "last_figure"}


def assert_same(df: pd.DataFrame, expected: list[list[str]], extra=EXTRA):
    """The frame holds the command's CSV cell by cell (columns the CSV lacks,
    such as unattributed, aside)."""
    header = expected[0]
    assert [c for c in df.columns if c not in extra or c in header] == header
    got = frame_cells(df, header)
    assert len(got) == len(expected), f"{len(got) - 1} rows, the command has {len(expected) - 1}"
    for i, (a, b) in enumerate(zip(got, expected)):
        assert a == b, f"row {i}: {a} != {b}"


@pytest.fixture(scope="session")
def haiti():
    return muster.read_log(HAITI)


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("generated") / "generated.csv"
    path.write_text(run("generate", "--rows", 3000, "--seed", 7).stdout)
    return path


@pytest.fixture(scope="session")
def troopdata_log(tmp_path_factory):
    if not TROOPDATA.exists():
        pytest.skip(f"{TROOPDATA} is not here (set MUSTER_TROOPDATA to troopdata's quarterly table)")
    path = tmp_path_factory.mktemp("troopdata") / "us-troops.log.csv"
    path.write_text(run("import", TROOPDATA, *TROOPDATA_IMPORT_ARGS).stdout)
    return path

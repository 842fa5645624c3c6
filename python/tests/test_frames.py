"""What the frames keep: dtypes, an unbounded high as <NA> through sums and
a CSV round trip, errors as exceptions, the writer, nothing printed."""
import datetime as dt
import io
import shutil

import numpy as np
import pandas as pd
import pytest

import muster
from conftest import HAITI, assert_same, cli_csv, run, section_flags


def test_dtypes(haiti):
    df = haiti.strength("2025-01-19", by="contingent")
    assert list(df.columns) == ["mission", "country", "component", "estimate", "low", "high", "unattributed"]
    assert [str(t) for t in df.dtypes] == ["object"] * 3 + ["Int64"] * 3 + ["bool"]
    assert all(isinstance(c, str) for c in df["country"])
    series = haiti.series("2025-01-01", "2025-02-01", step="week")
    assert str(series["date"].dtype) == "datetime64[ns]"
    assert series["date"].iloc[0] == pd.Timestamp("2025-01-01")
    parts = haiti.strength("2025-01-19", parts_only=True)
    assert "unattributed" not in parts.columns and parts.attrs["parts_only"] is True
    stale = haiti.strength("2025-06-30", stale_after="30d")
    assert str(stale["last_figure"].dtype) == "datetime64[ns]"


def test_unbounded_high_is_na_never_zero(haiti):
    df = haiti.strength("2025-01-19", parts_only=True)  # by section 5 the other contingents are unbounded
    assert df.attrs["high_unbounded"] is True
    unbounded = df[df["high"].isna()]
    assert len(unbounded) > 0, "the Haiti log has contingents of unknown size"
    # The documented sums keep an unbounded high unbounded...
    assert df.muster.sum()["high"] is pd.NA
    assert df.sum(skipna=False, numeric_only=True)["high"] is pd.NA
    assert unbounded.muster.sum()["high"] is pd.NA
    # ... which pandas' default would not: this is why the accessor exists.
    assert unbounded["high"].sum() == 0
    # The sum of the rows by section 5 is the command's total.
    parts = haiti.strength("2025-01-19", parts_only=True)
    total = haiti.strength("2025-01-19", by="total", parts_only=True)
    s = parts.muster.sum()
    assert (s["estimate"], s["low"]) == (total["estimate"].iloc[0], total["low"].iloc[0])
    assert total["high"].iloc[0] is pd.NA


def test_round_trip_through_csv(haiti, tmp_path):
    for df in (haiti.strength("2025-01-19", by="contingent"),
               haiti.series("2024-06-01", "2025-03-01", include_planned=True),
               haiti.strength("2025-06-30", stale_after="1m"),
               haiti.days("2024-06-01", "2025-01-31"), haiti.pledges("2025-01-27"), haiti.check(),
               haiti.explain("2025-01-19", country="KEN")):
        path = tmp_path / "answer.csv"
        df.to_csv(path, index=False)
        back = muster.read_csv(path)
        assert list(back.dtypes.astype(str)) == list(df.dtypes.astype(str))
        pd.testing.assert_frame_equal(back, df, check_exact=True)
    # The command's CSV reads with the same dtypes.
    cli = muster.read_csv(io.StringIO(run("strength", HAITI, "--on", "2025-01-19", *section_flags(True),
                                          "--format", "csv").stdout))
    df = haiti.strength("2025-01-19", parts_only=True)
    pd.testing.assert_frame_equal(cli, df)


def test_refused_log_raises_with_every_diagnostic(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind,date,mission,country,component,count\n"
                   "a,arrival,2025-13-01,MSS,KEN,police,1\n"
                   "b,arrival,2025-01-01,MSS,Kenia,police,x\n"
                   "a,arrival,2025-01-02,MSS,KEN,police,2\n")
    with pytest.raises(muster.LogRefused) as e:
        muster.read_log(bad)
    diags = e.value.diagnostics
    expected = run("strength", bad, "--on", "2025-01-01", check=False).stderr.splitlines()
    assert len(diags) == len(expected) >= 3
    assert [f"{f}:{line}: {m}" for f, line, m in diags] == expected
    assert all(isinstance(line, int) for _, line, _ in diags)
    assert str(e.value).splitlines() == expected
    with pytest.raises(muster.LogRefused):
        muster.log_from(bad.read_text(), "bad.csv")
    with pytest.raises(muster.LogRefused) as missing:
        muster.read_log(tmp_path / "nothing-here.csv")
    assert missing.value.diagnostics


@pytest.mark.parametrize("call, name", [
    (lambda log: log.strength("2025-02-30"), "on"),
    (lambda log: log.strength("2025-01-19", by="city"), "by"),
    (lambda log: log.strength("2025-01-19", country="Kenia"), "country"),
    (lambda log: log.strength("2025-01-19", as_of="yesterday"), "as_of"),
    (lambda log: log.strength("2025-01-19", stale_after="soon"), "stale_after"),
    (lambda log: log.strength("2025-01-19", include_planned="yes"), "include_planned"),
    (lambda log: log.strength("2025-01-19", mission=3), "mission"),
    (lambda log: log.series("2025-02-01", "2025-01-01"), "start"),
    (lambda log: log.series("2025-01-01", "2025-02-01", step="fortnight"), "step"),
    (lambda log: log.days("2025-01-01", None), "end"),
])
def test_bad_arguments_name_themselves(haiti, call, name):
    with pytest.raises(ValueError) as e:
        call(haiti)
    assert str(e.value).startswith(name)


def test_days_as_dates(haiti):
    a = haiti.strength(dt.date(2025, 1, 19), as_of=dt.date(2025, 1, 20))
    b = haiti.strength(pd.Timestamp("2025-01-19"), as_of=np.datetime64("2025-01-20"))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, haiti.strength("2025-01-19", as_of="2025-01-20"))


def test_section8_whole_and_unattributed(haiti):
    df = haiti.strength("2025-01-20", by="country")
    total = haiti.strength("2025-01-20", by="total")
    whole = df.attrs["whole"]
    assert whole["estimate"] == total["estimate"].iloc[0] and whole["low"] == total["low"].iloc[0]
    assert (whole["high"] is None) == (total["high"].iloc[0] is pd.NA)
    assert df["unattributed"].dtype == bool


def test_builder_and_writer(tmp_path):
    b = muster.LogBuilder("example")
    b.add(id="ken-landed-217", kind="arrival", date=dt.date(2025, 1, 18), mission="MSS", country="Kenya",
          component="police", count=217, source="Daily Nation")
    b.add(id="ken-now", kind="report", date="2025-01-20", mission="MSS", country="KEN", component="police",
          count=600, low=600, high=650)
    log = b.build()
    assert len(log) == 2
    assert log.strength("2025-01-20")[["estimate", "low", "high"]].values.tolist() == [[600, 600, 650]]
    bad = muster.LogBuilder("bad").add(kind="arrival", date="2025-01-18", mission="MSS", country="Kenya")
    with pytest.raises(muster.LogRefused) as e:
        bad.build()
    assert e.value.diagnostics[0][:2] == ("bad", 2)

    path = tmp_path / "mss.csv"
    shutil.copy(HAITI, path)
    before = path.read_bytes()
    added = muster.append(path, kind="arrival", date="2025-01-26", mission="MSS", country="KEN",
                          component="police", count=200, recorded="2025-01-26", source="follow-up")
    assert added.line == len(before.splitlines()) + 1 and added.id
    assert muster.read_log(path).strength("2025-01-26", country="KEN", parts_only=True)["estimate"].iloc[0] == 817
    fixed = muster.correct(path, added.id, count=199, today="2025-01-27")
    assert fixed.line == added.line + 1
    gone = muster.retract(path, fixed.id, source="wrong", today="2025-01-28")
    assert gone.line == fixed.line + 1
    assert_same(muster.read_log(path).strength("2025-01-29", by="contingent"),
                cli_csv("strength", path, "--on", "2025-01-29", "--by", "contingent"))
    size = path.stat().st_size
    with pytest.raises(muster.LogRefused) as refused:
        muster.append(path, kind="arrival", date="2025-01-26", mission="MSS", country="Kenia", count=1)
    assert refused.value.diagnostics and path.stat().st_size == size
    with pytest.raises(muster.ColumnError) as column:
        muster.append(path, kind="arrival", date="2025-01-26", mission="MSS", country="KEN", count=1,
                      extra={"colour": "blue"})
    assert isinstance(column.value, ValueError) and path.stat().st_size == size
    with pytest.raises(muster.UnknownRow):
        muster.correct(path, "no-such-row", count=1)
    with pytest.raises(ValueError):
        muster.retract(path, "no-such-row")
    assert path.stat().st_size == size


def test_log_to_csv_reads_back_equal(haiti):
    again = muster.log_from(haiti.to_csv(), "again.csv")
    pd.testing.assert_frame_equal(again.check(), haiti.check())


def test_nothing_printed(capfd, haiti, tmp_path):
    haiti.strength("2025-01-19", mission="UNMISS")  # the command warns here; the module does not
    with pytest.raises(muster.LogRefused):
        muster.log_from("id,kind\n", "x.csv")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_import_options(tmp_path):
    table = tmp_path / "un.csv"
    table.write_text('Month,Contributor,Mission,Troops Total,Police\n'
                     'Jan 2020,Kenya,MINURSO,10,2\n'
                     'Feb 2020,Kenya,MONUSCO,"1,100",NA\n')
    args = dict(date="Month", date_format="%b %Y", country="Contributor", mission_column="Mission",
                count={"Troops Total": "troops", "Police": "police"}, thousands=",")
    imported = muster.import_table(table, **args)
    cli = run("import", table, "--date", "Month", "--date-format", "%b %Y", "--country", "Contributor",
              "--mission-column", "Mission", "--count", "Troops Total=troops", "--count", "Police=police",
              "--thousands", ",").stdout
    assert imported.text == cli
    assert imported.figures_missing == 1
    with pytest.raises(ValueError) as e:
        muster.import_table(table, date="Month", missing_as="never")
    assert str(e.value).startswith("missing_as")
    with pytest.raises(muster.LogRefused):
        muster.import_table(table, date="No such column", country="Contributor", count="Police", mission="X")


def test_empty_answers_keep_their_columns(haiti):
    df = haiti.strength("2000-01-01", by="contingent")
    assert len(df) == 0 and df.attrs["high_unbounded"] is False
    assert [str(t) for t in df.dtypes] == ["object"] * 3 + ["Int64"] * 3 + ["bool"]
    series = haiti.series("2000-01-01", "2000-03-01", mission="UNMISS")
    assert len(series) == 0 and str(series["date"].dtype) == "datetime64[ns]"
    total = haiti.strength("2000-01-01", by="total")
    assert total[["estimate", "low", "high"]].values.tolist() == [[0, 0, 0]]

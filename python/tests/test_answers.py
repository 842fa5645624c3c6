"""Every query of the module against the command's CSV output, cell by cell,
on the Haiti log, a generated log and troopdata's table imported."""
import pytest

import muster
from conftest import HAITI, assert_same, cli_csv, section_flags

BYS = ["country", "mission", "component", "contingent", "total"]
HAITI_DAYS = ["2024-06-30", "2025-01-17", "2025-01-18", "2025-01-19", "2025-01-20", "2025-01-27"]


def filter_args(mission=None, country=None, component=None):
    out = []
    for name, v in (("--mission", mission), ("--country", country), ("--component", component)):
        for x in ([v] if isinstance(v, str) else v or []):
            out += [name, x]
    return out


def view_args(as_of=None, include_planned=False, stale_after=None, parts_only=False):
    out = section_flags(parts_only)
    if as_of:
        out += ["--as-of", as_of]
    if include_planned:
        out.append("--include-planned")
    if stale_after:
        out += ["--stale-after", stale_after]
    return out


# --- Haiti --------------------------------------------------------------------------

@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("by", BYS)
@pytest.mark.parametrize("on", HAITI_DAYS)
def test_haiti_strength(haiti, on, by, parts_only):
    df = haiti.strength(on=on, by=by, parts_only=parts_only)
    assert_same(df, cli_csv("strength", HAITI, "--on", on, "--by", by, *view_args(parts_only=parts_only)))


@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("view", [dict(include_planned=True), dict(as_of="2025-01-19"),
                                  dict(stale_after="30d"), dict(stale_after="1m", include_planned=True)])
@pytest.mark.parametrize("filters", [{}, dict(country="KEN"), dict(country=["Kenya", "JAM"]),
                                     dict(mission="MSS", component="police"), dict(component="")])
def test_haiti_strength_views(haiti, view, filters, parts_only):
    for on in ("2025-01-19", "2025-01-27", "2025-03-31"):
        df = haiti.strength(on=on, by="contingent", parts_only=parts_only, **view, **filters)
        assert_same(df, cli_csv("strength", HAITI, "--on", on, "--by", "contingent",
                                *view_args(parts_only=parts_only, **view), *filter_args(**filters)))


@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("step", ["day", "week", "month", "month-end", "quarter-end"])
@pytest.mark.parametrize("by", ["country", "contingent", "total"])
def test_haiti_series(haiti, step, by, parts_only):
    df = haiti.series("2024-06-01", "2025-03-31", step=step, by=by, parts_only=parts_only,
                      include_planned=True)
    assert str(df["date"].dtype) == "datetime64[ns]"
    assert_same(df, cli_csv("series", HAITI, "--from", "2024-06-01", "--to", "2025-03-31", "--step", step,
                            "--by", by, "--include-planned", *section_flags(parts_only)))


@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("by", BYS)
def test_haiti_days(haiti, by, parts_only):
    for start, end in (("2024-06-01", "2025-01-31"), ("2025-01-17", "2025-01-19")):
        df = haiti.days(start, end, by=by, parts_only=parts_only)
        assert_same(df, cli_csv("days", HAITI, "--from", start, "--to", end, "--by", by,
                                *section_flags(parts_only)))


@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("include_planned", [False, True])
def test_haiti_pledges(haiti, include_planned, parts_only):
    for on in HAITI_DAYS:
        df = haiti.pledges(on, include_planned=include_planned, parts_only=parts_only)
        assert_same(df, cli_csv("pledges", HAITI, "--on", on,
                                *view_args(include_planned=include_planned, parts_only=parts_only)))


@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("view", [{}, dict(include_planned=True), dict(as_of="2025-01-19")])
def test_haiti_check(haiti, view, parts_only):
    df = haiti.check(parts_only=parts_only, **view)
    assert_same(df, cli_csv("check", HAITI, *view_args(parts_only=parts_only, **view)), extra=set())
    assert df.attrs["conflicts"] == int((df["verdict"] == "conflicts").sum())


@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("all_rows", [False, True])
@pytest.mark.parametrize("filters", [{}, dict(country="KEN"), dict(mission="MSS", component="police")])
def test_haiti_explain(haiti, filters, all_rows, parts_only):
    for on in ("2025-01-19", "2025-01-27"):
        df = haiti.explain(on, parts_only=parts_only, all=all_rows, include_planned=True, **filters)
        expected = cli_csv("explain", HAITI, "--on", on, "--include-planned", *section_flags(parts_only),
                           *filter_args(**filters), *(["--all"] if all_rows else []))
        assert_same(df, expected, extra=set())


# --- A generated log --------------------------------------------------------------------

@pytest.fixture(scope="module")
def gen(generated):
    return muster.read_log(generated)


@pytest.mark.parametrize("parts_only", [False, True])
@pytest.mark.parametrize("by", BYS)
def test_generated_strength(gen, generated, by, parts_only):
    for on in ("2005-06-30", "2015-12-31", "2024-01-01"):
        assert_same(gen.strength(on, by=by, parts_only=parts_only),
                    cli_csv("strength", generated, "--on", on, "--by", by, *section_flags(parts_only)))


@pytest.mark.parametrize("parts_only", [False, True])
def test_generated_series_days_pledges(gen, generated, parts_only):
    flags = section_flags(parts_only)
    assert_same(gen.series("2000-01-01", "2024-12-31", step="quarter-end", parts_only=parts_only),
                cli_csv("series", generated, "--from", "2000-01-01", "--to", "2024-12-31", "--step",
                        "quarter-end", *flags))
    assert_same(gen.series("2010-01-01", "2012-12-31", step="month", by="contingent", parts_only=parts_only,
                           stale_after="1y"),
                cli_csv("series", generated, "--from", "2010-01-01", "--to", "2012-12-31", "--by", "contingent",
                        "--stale-after", "1y", *flags))
    assert_same(gen.days("2000-01-01", "2020-12-31", by="contingent", parts_only=parts_only),
                cli_csv("days", generated, "--from", "2000-01-01", "--to", "2020-12-31", "--by", "contingent",
                        *flags))
    assert_same(gen.pledges("2020-06-30", parts_only=parts_only),
                cli_csv("pledges", generated, "--on", "2020-06-30", *flags))


@pytest.mark.parametrize("parts_only", [False, True])
def test_generated_check_explain(gen, generated, parts_only):
    flags = section_flags(parts_only)
    assert_same(gen.check(parts_only=parts_only), cli_csv("check", generated, *flags), extra=set())
    countries = gen.strength("2015-12-31", parts_only=True)["country"]
    country = countries[countries != ""].iloc[0]
    assert_same(gen.explain("2015-12-31", country=country, parts_only=parts_only),
                cli_csv("explain", generated, "--on", "2015-12-31", "--country", country, *flags), extra=set())


# --- troopdata, imported ------------------------------------------------------------------

@pytest.fixture(scope="module")
def troops(troopdata_log):
    return muster.read_log(troopdata_log)


def test_troopdata_import_is_the_commands(troopdata_log):
    from conftest import TROOPDATA, TROOPDATA_IMPORT
    imported = muster.import_table(TROOPDATA, **TROOPDATA_IMPORT)
    assert imported.text == troopdata_log.read_text()
    assert imported.rows_written > 10_000 and imported.unknown_countries
    assert len(imported.log()) == imported.rows_written


@pytest.mark.parametrize("parts_only", [False, True])
def test_troopdata(troops, troopdata_log, parts_only):
    flags = section_flags(parts_only)
    for on in ("1960-06-30", "2000-12-31", "2022-12-31"):
        assert_same(troops.strength(on, parts_only=parts_only),
                    cli_csv("strength", troopdata_log, "--on", on, *flags))
    assert_same(troops.strength("2022-12-31", by="total", stale_after="1y", parts_only=parts_only),
                cli_csv("strength", troopdata_log, "--on", "2022-12-31", "--by", "total", "--stale-after", "1y",
                        *flags))
    assert_same(troops.series("1990-01-01", "2022-12-31", step="year-end", parts_only=parts_only),
                cli_csv("series", troopdata_log, "--from", "1990-01-01", "--to", "2022-12-31", "--step",
                        "year-end", *flags))
    assert_same(troops.days("2010-01-01", "2020-12-31", country=["DEU", "JPN", "KOR"], parts_only=parts_only),
                cli_csv("days", troopdata_log, "--from", "2010-01-01", "--to", "2020-12-31", "--country", "DEU",
                        "--country", "JPN", "--country", "KOR", *flags))
    assert_same(troops.explain("2022-12-31", country="Germany", parts_only=parts_only),
                cli_csv("explain", troopdata_log, "--on", "2022-12-31", "--country", "Germany", *flags),
                extra=set())


def test_troopdata_check(troops, troopdata_log):
    assert_same(troops.check(), cli_csv("check", troopdata_log, *section_flags(False)), extra=set())

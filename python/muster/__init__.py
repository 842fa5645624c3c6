"""muster: how many personnel from each country were present on a given day, and why.

The muster library (C++20) for Python: read a version-1 event log, ask it
what the ``muster`` command asks (strength, series, days, pledges, check,
explain), get the answers as pandas DataFrames that keep muster's
distinctions: a figure of 0, a size nobody knows and an unbounded high.

    >>> import muster
    >>> log = muster.read_log("examples/haiti_mss/mss.csv")    # LogRefused if bad
    >>> log.strength(on="2025-01-19")                           # by country
      country  estimate  low  high  unattributed
    ...

Every answer is the library's own (the same calls the command makes); this
package only names the arguments and lays the answers out (docs/python.md).

Columns: key columns as text (alpha-3 country codes), then ``estimate``,
``low`` and ``high`` as pandas' nullable ``Int64``, where an unbounded high
is ``<NA>`` (``df.attrs["high_unbounded"]`` says whether any is); dates as
``datetime64[ns]``; ``unattributed`` (bool) where spec section 8 applies.
Sum with ``df.muster.sum()`` (or ``df.sum(skipna=False)``): pandas' plain
``sum()`` skips ``<NA>`` and would turn an unbounded high into a number.
"""
from __future__ import annotations

import datetime as _dt
import os as _os
from typing import Iterable as _Iterable

import numpy as _np
import pandas as _pd

from . import _native
from ._native import ColumnError, LogRefused, UnknownRow

__all__ = [
    "Log", "LogBuilder", "Imported", "Appended", "LogRefused", "ColumnError", "UnknownRow",
    "read_log", "log_from", "import_table", "append", "correct", "retract", "read_csv",
    "CSV_DTYPES",
]

# --- Arguments --------------------------------------------------------------


def _day(name: str, value, optional: bool = False):
    """A day as the library reads it: YYYY-MM-DD text, a datetime.date (or
    datetime, pandas.Timestamp, numpy.datetime64: its calendar day)."""
    if value is None:
        if optional:
            return None
        raise ValueError(f"{name}: a day is required (YYYY-MM-DD or a datetime.date)")
    if isinstance(value, str):
        return value
    if isinstance(value, _np.datetime64):
        value = _pd.Timestamp(value)
    if isinstance(value, _dt.datetime):  # pandas.Timestamp is one
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise ValueError(f"{name}: {value!r} is not a day (expected YYYY-MM-DD or a datetime.date)")


def _alternatives(name: str, value) -> list[str]:
    """A filter: one value or several (any of them), as text."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        values = list(value)
    except TypeError:
        raise ValueError(f"{name}: {value!r} is neither text nor a list of text") from None
    for v in values:
        if not isinstance(v, str):
            raise ValueError(f"{name}: {v!r} is not text")
    return values


def _filters(mission, country, component):
    return _native.Filters(_alternatives("mission", mission), _alternatives("country", country),
                           _alternatives("component", component))


def _stale(value):
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"stale_after: {value!r} is not a length of time")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.timedelta):
        return str(value.days)
    if isinstance(value, str):
        return value
    raise ValueError(f"stale_after: {value!r} is not a length of time (N days, or 'Nd', 'Nw', 'Nm', 'Ny')")


def _flag(name: str, value) -> bool:
    if not isinstance(value, (bool, _np.bool_)):
        raise ValueError(f"{name}: {value!r} is not True or False")
    return bool(value)


def _text(name: str, value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name}: {value!r} is not text")
    return value


def _path(name: str, value) -> str:
    try:
        return _os.fsdecode(_os.fspath(value))
    except TypeError:
        raise ValueError(f"{name}: {value!r} is not a path") from None


# --- Answers ----------------------------------------------------------------

_EPOCH_NS = _np.int64(86_400_000_000_000)


def _frame(answer) -> _pd.DataFrame:
    """A DataFrame of the library's columns: numbers, days and flags from
    numpy arrays, text from codes into distinct labels (no Python object
    made per row)."""
    columns, notes = answer
    data = {}
    for name, kind, values, extra in columns:
        if kind == "text":
            labels = _np.empty(len(extra), dtype=object)
            labels[:] = extra
            data[name] = labels[values] if len(values) else _np.empty(0, dtype=object)
        elif kind == "count":
            data[name] = _pd.arrays.IntegerArray(values, extra)
        elif kind == "day":
            ns = values * _EPOCH_NS
            ns[extra] = _np.iinfo(_np.int64).min  # NaT
            data[name] = ns.view("datetime64[ns]")
        elif kind == "flag":
            data[name] = values
        else:  # ratio
            data[name] = values
    df = _pd.DataFrame(data, copy=False)
    for k, v in notes.items():
        if v in ("True", "False"):
            df.attrs[k] = v == "True"
        else:
            df.attrs[k] = v
    return df


def _grouped(answer, question: str, parts_only: bool) -> _pd.DataFrame:
    df = _frame(answer)
    df.attrs["question"] = question
    df.attrs["parts_only"] = parts_only
    df.attrs["high"] = "<NA> in high means unbounded (no upper bound), never 0; sum with df.muster.sum()"
    if "whole" in df.attrs:
        e, lo, hi = df.attrs["whole"].split(",")
        hi_value = None if int(hi) == _np.iinfo(_np.int64).max else int(hi)
        df.attrs["whole"] = {"estimate": int(e), "low": int(lo), "high": hi_value}
    return df


# --- The log ----------------------------------------------------------------


class Log:
    """A validated version-1 event log: its rows in file order, immutable.

    Made by read_log, log_from, LogBuilder.build or Imported.log. Each query
    builds the log's index for its view (as of, planned rows, section 5 or 8,
    stale_after) once and keeps it for the next query of that view.

    Common arguments of the queries (cli.md, "Common rules"):

    - ``mission``, ``country``, ``component``: a filter, one value or a list
      of alternatives (``country=["KEN", "Jamaica"]``: either); a country in
      any spelling the log accepts; ``component=""`` selects unspecified.
    - ``as_of``: only rows recorded on or before this day (spec section 4).
    - ``include_planned``: planned rows count too.
    - ``stale_after``: a contingent whose latest figure ended more than N
      before the day is stale: its low 0 and its high unbounded, its
      estimate kept (N days as an int, or ``"30d"``, ``"2w"``, ``"6m"``,
      ``"1y"``); the answer gains a column ``last_figure``.
    - ``parts_only``: False (default) answers by spec section 8, so that a
      report of a whole mission or country bounds what it covers and its
      unattributed personnel are counted; True by section 5 alone.
    - ``by``: ``"country"`` (default), ``"mission"``, ``"component"``,
      ``"contingent"`` (mission, country, component) or ``"total"`` (one
      row, no key column).
    - Days: ``"YYYY-MM-DD"`` or a ``datetime.date``.
    """

    __slots__ = ("_log",)

    def __init__(self, native):
        if not isinstance(native, _native.Log):
            raise TypeError("a Log is made by muster.read_log, muster.log_from or LogBuilder.build")
        self._log = native

    @property
    def file(self) -> str:
        """The name errors use for this log's file."""
        return self._log.file

    def __len__(self) -> int:
        return len(self._log)

    def __repr__(self) -> str:
        return f"<muster.Log {self.file!r}, {len(self)} rows>"

    @property
    def user_columns(self) -> list[str]:
        """The user columns (``x_...``) of the header, in header order."""
        return self._log.user_columns

    def to_csv(self, path=None) -> str | None:
        """The log as canonical CSV (read_log reads it back equal): the text,
        or written to ``path``."""
        text = self._log.to_csv().decode("utf-8", "surrogateescape")
        if path is None:
            return text
        with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            f.write(text)
        return None

    def _common(self, mission, country, component, as_of, include_planned, parts_only):
        return (_filters(mission, country, component), _day("as_of", as_of, optional=True),
                _flag("include_planned", include_planned), _flag("parts_only", parts_only))

    def strength(self, on, *, by: str = "country", mission=None, country=None, component=None,
                 as_of=None, include_planned: bool = False, stale_after=None,
                 parts_only: bool = False) -> _pd.DataFrame:
        """The strength of each group at the end of day ``on`` (``muster strength``).

        One row per group whose high is above 0 or unbounded, sorted by key;
        with ``by="total"`` one row, always. Columns: the key columns, then
        ``estimate``, ``low``, ``high`` (Int64, ``<NA>``: unbounded); by
        section 8, ``unattributed`` (a group of only the personnel a report
        of a whole mission or country counts beyond every contingent the log
        names, its key cell blank). By section 8 the rows need not add up to
        the whole: ``df.attrs["whole"]`` is the whole's own value.
        """
        f, as_of, planned, parts = self._common(mission, country, component, as_of, include_planned, parts_only)
        return _grouped(self._log.strength(_day("on", on), _text("by", by), f, as_of, planned,
                                           _stale(stale_after), parts), "strength", parts)

    def series(self, start, end, *, step: str = "month", by: str = "country", mission=None, country=None,
               component=None, as_of=None, include_planned: bool = False, stale_after=None,
               parts_only: bool = False) -> _pd.DataFrame:
        """The strength at each sample day from ``start`` to ``end`` (``muster series``, spec section 7).

        ``step``: ``day``, ``week``, ``month`` (default), ``quarter`` or
        ``year`` (added to ``start``), or ``month-end``, ``quarter-end``,
        ``year-end`` (the last day of each). Columns: ``date``
        (datetime64[ns]), then as strength; each date lists the groups that
        strength on that date lists.
        """
        f, as_of, planned, parts = self._common(mission, country, component, as_of, include_planned, parts_only)
        return _grouped(self._log.series(_day("start", start), _day("end", end), _text("step", step),
                                         _text("by", by), f, as_of, planned, _stale(stale_after), parts),
                        "series", parts)

    def days(self, start, end, *, by: str = "country", mission=None, country=None, component=None,
             as_of=None, include_planned: bool = False, stale_after=None,
             parts_only: bool = False) -> _pd.DataFrame:
        """Personnel-days (``muster days``): for each group, the sum over every
        day from ``start`` to ``end`` inclusive of its strength at the end of
        that day; ``high`` is ``<NA>`` where any day is unbounded."""
        f, as_of, planned, parts = self._common(mission, country, component, as_of, include_planned, parts_only)
        return _grouped(self._log.days(_day("start", start), _day("end", end), _text("by", by), f, as_of,
                                       planned, _stale(stale_after), parts), "days", parts)

    def pledges(self, on, *, mission=None, country=None, component=None, as_of=None,
                include_planned: bool = False, stale_after=None, parts_only: bool = False) -> _pd.DataFrame:
        """For each (mission, country, component) with a seen pledge dated on
        or before ``on``, the latest such pledge against the strength at the
        end of ``on`` (``muster pledges``).

        Columns ``mission``, ``country``, ``component`` (blank: every
        component), ``pledged`` (Int64; ``<NA>`` for a pledge of unknown
        size, never 0), ``present`` (the strength estimate of what it
        covers), ``fulfilment`` (present / pledged, float64, NaN where
        pledged is 0 or unknown; unrounded: the command prints 3 decimals).
        """
        f, as_of, planned, parts = self._common(mission, country, component, as_of, include_planned, parts_only)
        df = _frame(self._log.pledges(_day("on", on), f, as_of, planned, _stale(stale_after), parts))
        df.attrs["question"] = "pledges"
        df.attrs["parts_only"] = parts
        return df

    def check(self, *, mission=None, country=None, component=None, as_of=None,
              include_planned: bool = False, parts_only: bool = False) -> _pd.DataFrame:
        """Every report and observation held against what the rows before it
        give (``muster check``), conflicts first, then unattributed, differs,
        updates, agrees, first; each verdict in file order.

        Columns as the command's CSV: ``verdict``, ``id``, ``line``,
        ``kind`` (report or observation), ``date`` (the day it is held at),
        ``mission``, ``country``, ``component``, ``estimate``, ``low``,
        ``high`` (what the row states), ``against`` (the report that set the
        figure, ``tracks`` or ``contingents``), ``against_estimate``,
        ``against_low``, ``against_high``, ``difference``, ``overlap``; by
        section 8 also ``against_rows`` (ids, separated by spaces, of the
        rows an observation that is not kept cannot hold with) and
        ``unattributed`` (Int64: a kept observation's least number of
        unattributed personnel). ``df.attrs["conflicts"]``: how many conflict.
        """
        f, as_of, planned, parts = self._common(mission, country, component, as_of, include_planned, parts_only)
        df = _frame(self._log.check(f, as_of, planned, parts))
        df.attrs["conflicts"] = int(df.attrs["conflicts"])
        df.attrs["question"] = "check"
        df.attrs["parts_only"] = parts
        return df

    def explain(self, on, *, mission=None, country=None, component=None, as_of=None,
                include_planned: bool = False, parts_only: bool = False, all: bool = False) -> _pd.DataFrame:
        """The rows behind one group's strength at the end of ``on`` (``muster explain``).

        One row per line of the command's CSV: ``role`` (``shapes``; with
        ``all=True`` also ``overwritten``; ``hidden``, ``observation``; by
        section 8 ``bounds`` and ``parts-only``), ``id``, ``line``, ``kind``,
        ``date`` (the row's period as written: text, as a month or a year is
        no day), ``mission``, ``country``, ``component``, ``row_estimate``,
        ``row_low``, ``row_high`` (the row's own value), ``estimate``,
        ``low``, ``high`` (the group's strength at the end of the row's day,
        on the day's last row), ``reason``, ``source``.
        ``df.attrs["strength"]``: the answer, {estimate, low, high}.
        """
        f, as_of, planned, parts = self._common(mission, country, component, as_of, include_planned, parts_only)
        df = _frame(self._log.explain(_day("on", on), f, as_of, planned, parts, _flag("all", all)))
        high = df.attrs.pop("high")
        df.attrs["strength"] = {"estimate": int(df.attrs.pop("estimate")), "low": int(df.attrs.pop("low")),
                                "high": int(high) if high else None}
        df.attrs["question"] = "explain"
        df.attrs["parts_only"] = parts
        return df


def read_log(path) -> Log:
    """Reads and validates a log file (``-``: standard input) by every rule of
    spec sections 1-3 and 6. Raises LogRefused with every error found."""
    return Log(_native.read_log(_path("path", path)))


def log_from(text: str | bytes, name: str = "<text>") -> Log:
    """Reads and validates the text of a log; ``name`` is the file name
    errors use. Raises LogRefused."""
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogateescape")
    if not isinstance(text, (bytes, bytearray)):
        raise ValueError(f"text: {type(text).__name__} is not the text of a log")
    return Log(_native.log_from(bytes(text), _text("name", name)))


# --- Writing ----------------------------------------------------------------

_COLUMNS = ("id", "kind", "date", "mission", "country", "component", "count", "low", "high",
            "status", "recorded", "supersedes", "source", "note")


def _cell(name: str, value):
    """A cell as a file holds it: text; a whole number or a day written out."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name}: {value!r} is not a cell")
    if isinstance(value, (int, _np.integer)):
        return str(int(value))
    if isinstance(value, (_dt.date, _np.datetime64)):
        return _day(name, value)
    if isinstance(value, str):
        return value
    raise ValueError(f"{name}: {value!r} is neither text, a whole number nor a day")


def _cells(fields: dict, extra) -> dict:
    out = {k: _cell(k, v) for k, v in fields.items() if v is not None}
    if extra:
        out["extra"] = {str(k): _cell(str(k), v) or "" for k, v in dict(extra).items()}
    return out


class LogBuilder:
    """Collects rows and builds a validated Log of them, checked by every rule
    of the spec exactly as read_log checks a file (row i is reported on line
    i + 2, as if the rows followed a header line).

        >>> b = muster.LogBuilder("example")
        >>> b.add(id="ken-landed-217", kind="arrival", date="2025-01-18", mission="MSS",
        ...       country="Kenya", component="police", count=217, source="Daily Nation")
        >>> log = b.build()          # raises LogRefused
    """

    def __init__(self, name: str = "built"):
        self._name = _text("name", name)
        self._rows: list[dict] = []

    def add(self, *, kind, date, id=None, mission=None, country=None, component=None, count=None,
            low=None, high=None, status=None, recorded=None, supersedes=None, source=None, note=None,
            extra=None) -> "LogBuilder":
        """Adds a row (validated at build()); cells as a file holds them (text,
        whole numbers, days). ``extra``: user columns, {name: value} (``x_``
        is added to a name without it)."""
        self._rows.append(_cells(dict(id=id, kind=kind, date=date, mission=mission, country=country,
                                      component=component, count=count, low=low, high=high, status=status,
                                      recorded=recorded, supersedes=supersedes, source=source, note=note),
                                 extra))
        return self

    def __len__(self) -> int:
        return len(self._rows)

    def build(self) -> Log:
        """The log of every row added, checked by every rule of the spec;
        raises LogRefused naming each bad row."""
        return Log(_native.build(self._name, self._rows))


class Appended(tuple):
    """What an append wrote: the new row's ``id`` and ``line``."""

    __slots__ = ()

    def __new__(cls, id: str, line: int):
        return super().__new__(cls, (id, line))

    id = property(lambda self: self[0], doc="the new row's id")
    line = property(lambda self: self[1], doc="the line of the file that holds it")

    def __repr__(self) -> str:
        return f"Appended(id={self[0]!r}, line={self[1]})"


def append(path, *, kind, date, id=None, mission=None, country=None, component=None, count=None,
           low=None, high=None, status=None, recorded=None, supersedes=None, source=None, note=None,
           extra=None) -> Appended:
    """Adds one row at the end of the log file at ``path``, as ``muster append``
    does (docs/durability.md): without ``id`` an unused one is chosen; the log
    with the new row must pass every rule, else LogRefused and the file is
    left as it was; returns once the row is written whole and synced.
    A cell for a column the header lacks raises ColumnError (a ValueError)."""
    cells = _cells(dict(id=id, kind=kind, date=date, mission=mission, country=country, component=component,
                        count=count, low=low, high=high, status=status, recorded=recorded,
                        supersedes=supersedes, source=source, note=note), extra)
    return Appended(*_native.append(_path("path", path), cells))


def correct(path, id: str, *, count=None, low=None, high=None, date=None, status=None, recorded=None,
            source=None, note=None, new_id=None, today=None) -> Appended:
    """Appends a correction of row ``id``, as ``muster correct`` does: the
    row's cells with the changes given, superseding it. Where any of count,
    low and high is given, the three replace the row's value together. The
    recorded day is ``today`` (default: today's date) unless given, where the
    log has a ``recorded`` column. UnknownRow (a ValueError) where no row has
    the id."""
    changes = {k: _cell(k, v) for k, v in dict(count=count, low=low, high=high, date=date, status=status,
                                               recorded=recorded, source=source, note=note,
                                               id=new_id).items() if v is not None}
    return Appended(*_native.correct(_path("path", path), _text("id", id), changes,
                                     _day("today", today if today is not None else _dt.date.today())))


def retract(path, id: str, *, source: str = "", note: str = "", new_id: str = "", today=None) -> Appended:
    """Appends a retraction of row ``id``, as ``muster retract`` does: of the
    row's mission, dated ``today`` (default: today's date) with a blank
    recorded day. UnknownRow (a ValueError) where no row has the id."""
    return Appended(*_native.retract(_path("path", path), _text("id", id), _text("source", source),
                                     _text("note", note), _text("new_id", new_id),
                                     _day("today", today if today is not None else _dt.date.today())))


# --- Import -----------------------------------------------------------------


class Imported:
    """A table (or several) turned into a version-1 log of reports
    (``muster import``): ``text`` (the log, header included), ``log()`` (it,
    read and validated), ``write(path)``, and what the import did."""

    def __init__(self, result: dict):
        self.text: str = result["text"].decode("utf-8", "surrogateescape")
        self.rows_written: int = result["rows_written"]
        self.figures_missing: int = result["figures_missing"]
        self.keys_absent: int = result["keys_absent"]
        self.unknown_size: int = result["unknown_size"]
        self.dates_blank: int = result["dates_blank"]
        #: [(spelling, rows, file, line, message)]: country spellings that named
        #: none (only with skip_unknown_countries; else each is an error).
        self.unknown_countries: list[tuple[str, int, str, int, str]] = result["unknown_countries"]
        self.summary: str = result["summary"]

    def log(self, name: str = "<import>") -> Log:
        """The log written, read and validated."""
        return log_from(self.text, name)

    def write(self, path) -> None:
        """Writes the log to ``path``."""
        with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            f.write(self.text)

    def __repr__(self) -> str:
        return f"<muster.Imported: {self.summary}>"


def _counts(count):
    if count is None:
        return None
    if isinstance(count, str):
        return [(count, None)]
    if isinstance(count, dict):
        return [(_text("count", k), None if v is None else _text("count", v)) for k, v in count.items()]
    out = []
    for c in count:
        if isinstance(c, str):
            out.append((c, None))
        elif isinstance(c, tuple) and len(c) == 2:
            out.append((_text("count", c[0]), None if c[1] is None else _text("count", c[1])))
        else:
            raise ValueError(f"count: {c!r} is neither a column nor (column, component)")
    return out


def import_table(tables, *, date=None, year=None, month=None, quarter=None, date_format=None,
                 wide: bool = False, ignore_columns=None, country=None, country_name=None, aliases=None,
                 count=None, low=None, high=None, thousands=None, fractions=None, mission=None,
                 mission_column=None, component=None, component_column=None, source_column=None,
                 delimiter=None, missing=None, missing_when=None, missing_as=None, absent_as=None,
                 kind=None, id_prefix=None, recorded=None,
                 skip_unknown_countries: bool = False) -> Imported:
    """Turns tables of figures kept by others into a version-1 log of reports
    (``muster import``; docs/import.md has a recipe per shape of table).

    ``tables``: a path or a list of paths (read in turn into one log, table i
    with ids ``t<i>-...``). Options as the command's, by name: ``date`` (a
    column), or ``year`` with ``month`` or ``quarter``; ``date_format``
    (``%d-%b-%Y``...); ``wide``; ``ignore_columns``; ``country`` (a column or
    a list tried in order); ``country_name`` (every row's, ``{file}``);
    ``aliases`` {spelling: code}; ``count`` (a column, ``"A+B"``, a list, or
    {column: component}); ``low``, ``high``; ``thousands``; ``fractions``
    (refuse, range, round); ``mission`` or ``mission_column``;
    ``component`` or ``component_column``; ``source_column``; ``delimiter``
    (``,``, ``;``, ``tab``, ``|``); ``missing`` (values meaning no figure);
    ``missing_when`` ({column: value} or [(column, value)]); ``missing_as``
    (unknown, skip, zero); ``absent_as`` (unknown, zero, carry); ``kind``
    (report, end); ``id_prefix``; ``recorded`` (a day);
    ``skip_unknown_countries``. Raises LogRefused naming the table, line and
    what is wrong; ValueError for options that are incomplete or malformed.
    """
    paths = [_path("tables", tables)] if isinstance(tables, (str, bytes, _os.PathLike)) else \
        [_path("tables", t) for t in tables]
    if not paths:
        raise ValueError("tables: no table given")
    if missing_when is not None:
        pairs = missing_when.items() if isinstance(missing_when, dict) else missing_when
        missing_when = [(_text("missing_when", k), _text("missing_when", str(v))) for k, v in pairs]
    options = dict(
        date=date, year=year, month=month, quarter=quarter, date_format=date_format,
        wide=_flag("wide", wide), ignore_columns=_alternatives("ignore_columns", ignore_columns),
        country=_alternatives("country", country), country_name=country_name,
        aliases=None if aliases is None else {str(k): str(v) for k, v in dict(aliases).items()},
        count=_counts(count), low=low, high=high, thousands=thousands, fractions=fractions, mission=mission,
        mission_column=mission_column, component=component, component_column=component_column,
        source_column=source_column, delimiter=delimiter,
        missing=None if missing is None else _alternatives("missing", missing), missing_when=missing_when,
        missing_as=missing_as, absent_as=absent_as, kind=kind, id_prefix=id_prefix,
        recorded=_day("recorded", recorded, optional=True),
        skip_unknown_countries=_flag("skip_unknown_countries", skip_unknown_countries))
    for k in ("date", "year", "month", "quarter", "date_format", "country_name", "low", "high", "thousands",
              "fractions", "mission", "mission_column", "component", "component_column", "source_column",
              "delimiter", "missing_as", "absent_as", "kind", "id_prefix"):
        if options[k] is not None:
            _text(k, options[k])
    return Imported(_native.import_tables(paths, options))


# --- Answers as CSV ---------------------------------------------------------

#: The dtypes of the columns of muster's answers, for reading one back from
#: CSV (written by DataFrame.to_csv(index=False) or by the command's
#: --format csv): text as str (a blank cell is "", never NaN), figures as
#: Int64 (a blank high: <NA>, unbounded), flags as bool.
CSV_DTYPES: dict[str, str] = {
    "country": "str", "mission": "str", "component": "str", "id": "str", "kind": "str",
    "verdict": "str", "against": "str", "against_rows": "str", "role": "str", "reason": "str",
    "source": "str",
    "estimate": "Int64", "low": "Int64", "high": "Int64", "pledged": "Int64", "present": "Int64",
    "line": "Int64", "against_estimate": "Int64", "against_low": "Int64", "against_high": "Int64",
    "difference": "Int64", "row_estimate": "Int64", "row_low": "Int64", "row_high": "Int64",
    "fulfilment": "float64",
}
_DATE_COLUMNS = ("date", "last_figure")
_FLAG_COLUMNS = ("unattributed", "overlap")


def read_csv(path_or_buffer, **kwargs) -> _pd.DataFrame:
    """Reads an answer written as CSV (``df.to_csv(path, index=False)``, or the
    command's ``--format csv``) back with the documented dtypes: key columns
    as text (blank: ""), figures as Int64 with a blank cell <NA>, ``date`` and
    ``last_figure`` as datetime64[ns], ``unattributed`` and ``overlap`` as
    bool (``True``/``False`` or ``yes``/``no``; check's ``unattributed`` is a
    count, Int64). Explain's ``date`` (a period) stays text."""
    df = _pd.read_csv(path_or_buffer, dtype=str, keep_default_na=False, na_values=[], **kwargs)
    is_check = "verdict" in df.columns
    is_explain = "role" in df.columns
    for c in df.columns:
        cells = df[c]
        if c in _DATE_COLUMNS and not is_explain:
            df[c] = _pd.to_datetime(cells.replace("", None), format="%Y-%m-%d")
        elif c in _FLAG_COLUMNS and not (is_check and c == "unattributed"):
            df[c] = cells.map({"True": True, "False": False, "yes": True, "no": False,
                               "true": True, "false": False}).astype(bool)
        elif CSV_DTYPES.get(c) == "Int64" or (is_check and c == "unattributed"):
            df[c] = _pd.array(cells.replace("", None), dtype="Int64")
        elif CSV_DTYPES.get(c) == "float64":
            df[c] = _pd.to_numeric(cells.replace("", None)).astype("float64")
    return df


# --- Summing without losing an unbounded high ---------------------------------


@_pd.api.extensions.register_dataframe_accessor("muster")
class _MusterAccessor:
    """``df.muster``: sums that keep muster's meaning.

    ``df.muster.sum()`` sums ``estimate`` and ``low`` and sums ``high`` with
    ``skipna=False``: one unbounded high makes the sum's high ``<NA>``
    (unbounded), never a number. pandas' plain ``df.sum()`` skips ``<NA>``
    (and sums a column of only ``<NA>`` to 0), which would turn "no upper
    bound" into a bound."""

    def __init__(self, df: _pd.DataFrame):
        self._df = df

    def sum(self) -> _pd.Series:
        """estimate, low and high (and any other figure column) summed; a high
        of ``<NA>`` anywhere makes the high ``<NA>``."""
        cols = [c for c in self._df.columns if str(self._df[c].dtype) == "Int64"]
        return self._df[cols].sum(skipna=False)

    def unbounded(self) -> _pd.Series:
        """Whether each row's high is unbounded (bool)."""
        return self._df["high"].isna()

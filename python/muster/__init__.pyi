# Type hints for muster (docs/python.md). The answers are pandas DataFrames;
# their columns and dtypes are listed in each method's docstring.
import datetime
import os
from typing import Iterable, Literal, Mapping, Sequence

import pandas as pd

DayLike = str | datetime.date
Alternatives = str | Iterable[str] | None
StaleAfter = int | str | datetime.timedelta | None
GroupByName = Literal["country", "mission", "component", "contingent", "total"]
StepName = Literal["day", "week", "month", "quarter", "year", "month-end", "quarter-end", "year-end"]
PathLike = str | bytes | os.PathLike[str]

class LogRefused(Exception):
    """A log refused by the rules of the spec: every error found."""
    diagnostics: list[tuple[str, int, str]]

class ColumnError(LogRefused, ValueError):
    """A cell for a column the log's header lacks."""

class UnknownRow(LogRefused, ValueError):
    """No row of the log has the id named."""

CSV_DTYPES: dict[str, str]

class Log:
    @property
    def file(self) -> str: ...
    @property
    def user_columns(self) -> list[str]: ...
    def __len__(self) -> int: ...
    def to_csv(self, path: PathLike | None = ...) -> str | None: ...
    def strength(self, on: DayLike, *, by: GroupByName = ..., mission: Alternatives = ...,
                 country: Alternatives = ..., component: Alternatives = ..., as_of: DayLike | None = ...,
                 include_planned: bool = ..., stale_after: StaleAfter = ...,
                 parts_only: bool = ...) -> pd.DataFrame: ...
    def series(self, start: DayLike, end: DayLike, *, step: StepName = ..., by: GroupByName = ...,
               mission: Alternatives = ..., country: Alternatives = ..., component: Alternatives = ...,
               as_of: DayLike | None = ..., include_planned: bool = ..., stale_after: StaleAfter = ...,
               parts_only: bool = ...) -> pd.DataFrame: ...
    def days(self, start: DayLike, end: DayLike, *, by: GroupByName = ..., mission: Alternatives = ...,
             country: Alternatives = ..., component: Alternatives = ..., as_of: DayLike | None = ...,
             include_planned: bool = ..., stale_after: StaleAfter = ...,
             parts_only: bool = ...) -> pd.DataFrame: ...
    def pledges(self, on: DayLike, *, mission: Alternatives = ..., country: Alternatives = ...,
                component: Alternatives = ..., as_of: DayLike | None = ..., include_planned: bool = ...,
                stale_after: StaleAfter = ..., parts_only: bool = ...) -> pd.DataFrame: ...
    def check(self, *, mission: Alternatives = ..., country: Alternatives = ...,
              component: Alternatives = ..., as_of: DayLike | None = ..., include_planned: bool = ...,
              parts_only: bool = ...) -> pd.DataFrame: ...
    def explain(self, on: DayLike, *, mission: Alternatives = ..., country: Alternatives = ...,
                component: Alternatives = ..., as_of: DayLike | None = ..., include_planned: bool = ...,
                parts_only: bool = ..., all: bool = ...) -> pd.DataFrame: ...

def read_log(path: PathLike) -> Log: ...
def log_from(text: str | bytes, name: str = ...) -> Log: ...

Cell = str | int | datetime.date | None

class LogBuilder:
    def __init__(self, name: str = ...) -> None: ...
    def add(self, *, kind: str, date: Cell, id: Cell = ..., mission: Cell = ..., country: Cell = ...,
            component: Cell = ..., count: Cell = ..., low: Cell = ..., high: Cell = ..., status: Cell = ...,
            recorded: Cell = ..., supersedes: Cell = ..., source: Cell = ..., note: Cell = ...,
            extra: Mapping[str, Cell] | None = ...) -> LogBuilder: ...
    def __len__(self) -> int: ...
    def build(self) -> Log: ...

class Appended(tuple[str, int]):
    @property
    def id(self) -> str: ...
    @property
    def line(self) -> int: ...

def append(path: PathLike, *, kind: str, date: Cell, id: Cell = ..., mission: Cell = ...,
           country: Cell = ..., component: Cell = ..., count: Cell = ..., low: Cell = ..., high: Cell = ...,
           status: Cell = ..., recorded: Cell = ..., supersedes: Cell = ..., source: Cell = ...,
           note: Cell = ..., extra: Mapping[str, Cell] | None = ...) -> Appended: ...
def correct(path: PathLike, id: str, *, count: Cell = ..., low: Cell = ..., high: Cell = ...,
            date: Cell = ..., status: Cell = ..., recorded: Cell = ..., source: Cell = ..., note: Cell = ...,
            new_id: str | None = ..., today: DayLike | None = ...) -> Appended: ...
def retract(path: PathLike, id: str, *, source: str = ..., note: str = ..., new_id: str = ...,
            today: DayLike | None = ...) -> Appended: ...

class Imported:
    text: str
    rows_written: int
    figures_missing: int
    keys_absent: int
    unknown_size: int
    dates_blank: int
    unknown_countries: list[tuple[str, int, str, int, str]]
    summary: str
    def log(self, name: str = ...) -> Log: ...
    def write(self, path: PathLike) -> None: ...

def import_table(tables: PathLike | Sequence[PathLike], *, date: str | None = ..., year: str | None = ...,
                 month: str | None = ..., quarter: str | None = ..., date_format: str | None = ...,
                 wide: bool = ..., ignore_columns: Alternatives = ..., country: Alternatives = ...,
                 country_name: str | None = ..., aliases: Mapping[str, str] | None = ...,
                 count: str | Sequence[str | tuple[str, str | None]] | Mapping[str, str | None] | None = ...,
                 low: str | None = ..., high: str | None = ..., thousands: str | None = ...,
                 fractions: Literal["refuse", "range", "round"] | None = ..., mission: str | None = ...,
                 mission_column: str | None = ..., component: str | None = ...,
                 component_column: str | None = ..., source_column: str | None = ...,
                 delimiter: str | None = ..., missing: Alternatives = ...,
                 missing_when: Mapping[str, str] | Sequence[tuple[str, str]] | None = ...,
                 missing_as: Literal["unknown", "skip", "zero"] | None = ...,
                 absent_as: Literal["unknown", "zero", "carry"] | None = ...,
                 kind: Literal["report", "end"] | None = ..., id_prefix: str | None = ...,
                 recorded: DayLike | None = ..., skip_unknown_countries: bool = ...) -> Imported: ...

def read_csv(path_or_buffer, **kwargs) -> pd.DataFrame: ...

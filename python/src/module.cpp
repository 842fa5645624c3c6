// muster._native: the library for Python (docs/python.md). Thin: options in,
// the library's own answers out, as columns (numbers, days and flags in
// numpy arrays; text as codes into a list of distinct labels) that
// muster/__init__.py turns into pandas DataFrames without a Python object
// per row. Every rule stays in the library; this file calls what src/cli/
// calls for each command and lays the answers out as the command's CSV does.
//
// Errors: a refused log raises muster.LogRefused (with .diagnostics); a bad
// argument ValueError naming it; nothing is printed.
#include <muster/muster.hpp>
#include <muster/csv.hpp>
#include <muster/import.hpp>
#include <muster/write.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace py = pybind11;

namespace muster::python {
namespace {

/// The view a question is asked from, and the one place where Python's
/// `parts_only` (spec section 5 alone when true; section 8, the default,
/// when false) meets the library's Vantage.
Vantage vantage(std::optional<Day> as_of, bool include_planned, bool parts_only) {
  Vantage v;
  v.as_of = as_of;
  v.include_planned = include_planned;
  v.parts_only = parts_only;
  return v;
}

// --- Arguments --------------------------------------------------------------

/// A bad argument: ValueError, its message naming the argument.
[[noreturn]] void bad(const std::string& message) { throw py::value_error(message); }

Day day_argument(const char* name, const std::string& text) {
  if (auto d = parse_day(text)) return *d;
  bad(fmt::format("{}: '{}' is not a day (expected YYYY-MM-DD, a real date, year {}-{})", name, text,
                  min_year, max_year));
}

std::optional<Day> optional_day(const char* name, const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return day_argument(name, *text);
}

GroupBy by_argument(const std::string& by) {
  if (auto g = parse_group_by(by)) return *g;
  bad(fmt::format("by: '{}' is not one of country, mission, component, contingent, total", by));
}

std::optional<StaleAfter> stale_argument(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  if (auto s = parse_stale_after(*text)) return s;
  bad(fmt::format("stale_after: '{}' is not a length of time (expected N days, or Nd, Nw, Nm or Ny, "
                  "N a whole number up to {})",
                  *text, StaleAfter::max_amount));
}

/// The filters: each a list of alternatives (cli.md, common rules).
struct Filters {
  std::vector<std::string> missions, countries, components;
};

Filter filter_argument(const Filters& f) {
  Filter out;
  for (const std::string& m : f.missions) out.mission.add(m);
  for (const std::string& c : f.countries) {
    const CountryLookup found = Country::lookup(c);
    if (!found.country) bad("country: " + found.message(c));
    out.country.add(*found.country);
  }
  for (const std::string& c : f.components) out.component.add(c);
  return out;
}

std::pair<Day, Day> range_argument(const std::string& start, const std::string& end) {
  const Day d1 = day_argument("start", start), d2 = day_argument("end", end);
  if (d2 < d1) bad(fmt::format("start {} is after end {}", start, end));
  return {d1, d2};
}

// --- Columns ----------------------------------------------------------------

/// Text: a code per row into the distinct labels, in order of first use.
struct TextColumn {
  std::vector<std::int32_t> codes;
  std::vector<std::string> labels;
  std::unordered_map<std::string, std::int32_t> at;
  void push(std::string_view s) {
    auto [it, added] = at.try_emplace(std::string(s), static_cast<std::int32_t>(labels.size()));
    if (added) labels.emplace_back(s);
    codes.push_back(it->second);
  }
};
/// Whole numbers, each possibly missing (pandas Int64: <NA>).
struct CountColumn {
  std::vector<std::int64_t> values;
  std::vector<std::uint8_t> missing;
  void push(Count n) { values.push_back(n), missing.push_back(0); }
  void push_missing() { values.push_back(0), missing.push_back(1); }
  void push(std::optional<Count> n) { n ? push(*n) : push_missing(); }
  /// A high: missing where unbounded.
  void push_high(Count high) { high == Value::unbounded ? push_missing() : push(high); }
};
/// Days as days since 1970-01-01, each possibly missing (NaT).
struct DayColumn {
  std::vector<std::int64_t> days;
  std::vector<std::uint8_t> missing;
  void push(Day d) { days.push_back(d.days_since_epoch()), missing.push_back(0); }
  void push(std::optional<Day> d) { d ? push(*d) : (days.push_back(0), missing.push_back(1)); }
};
struct FlagColumn {
  std::vector<std::uint8_t> values;
  void push(bool b) { values.push_back(b ? 1 : 0); }
};
/// Real numbers, NaN where missing.
struct RatioColumn {
  std::vector<double> values;
};
using AnyColumn = std::variant<TextColumn, CountColumn, DayColumn, FlagColumn, RatioColumn>;

/// An answer laid out in columns, in the order of the command's CSV.
class Frame {
 public:
  template <class C>
  C& add(std::string name) {
    columns_.emplace_back(std::move(name), C{});
    return std::get<C>(columns_.back().second);
  }
  /// [(name, kind, arrays...)], for muster/__init__.py.
  py::list to_python() const;
  /// Facts about the whole answer: df.attrs.
  std::map<std::string, std::string> notes;

 private:
  std::deque<std::pair<std::string, AnyColumn>> columns_;  // a deque: add() hands out references that stay
};

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::array_t<bool> flags_of(const std::vector<std::uint8_t>& v) {
  py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
  bool* out = a.mutable_data();
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] != 0;
  return a;
}

py::list Frame::to_python() const {
  py::list out;
  for (const auto& [name, column] : columns_) {
    std::visit(
        [&, &name = name](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<C, TextColumn>) {
            py::list labels;
            for (const std::string& l : c.labels)
              labels.append(py::reinterpret_steal<py::object>(
                  PyUnicode_DecodeUTF8(l.data(), static_cast<py::ssize_t>(l.size()), "replace")));
            out.append(py::make_tuple(name, "text", array_of(c.codes), labels));
          } else if constexpr (std::is_same_v<C, CountColumn>) {
            out.append(py::make_tuple(name, "count", array_of(c.values), flags_of(c.missing)));
          } else if constexpr (std::is_same_v<C, DayColumn>) {
            out.append(py::make_tuple(name, "day", array_of(c.days), flags_of(c.missing)));
          } else if constexpr (std::is_same_v<C, FlagColumn>) {
            out.append(py::make_tuple(name, "flag", flags_of(c.values), py::none()));
          } else {
            out.append(py::make_tuple(name, "ratio", array_of(c.values), py::none()));
          }
        },
        column);
  }
  return out;
}

py::tuple answer(const Frame& f) {
  py::dict notes;
  for (const auto& [k, v] : f.notes) notes[py::str(k)] = v;
  return py::make_tuple(f.to_python(), notes);
}

// The key columns of a grouping (cli.md, `--by`) and their cells.
std::vector<std::string> key_columns(GroupBy by) {
  switch (by) {
    case GroupBy::country: return {"country"};
    case GroupBy::mission: return {"mission"};
    case GroupBy::component: return {"component"};
    case GroupBy::contingent: return {"mission", "country", "component"};
    case GroupBy::total: return {};
  }
  return {};
}

std::vector<std::string> key_cells(GroupBy by, const Contingent& k) {
  const std::string country(k.country.code());
  switch (by) {
    case GroupBy::country: return {country};
    case GroupBy::mission: return {k.mission};
    case GroupBy::component: return {k.component};
    case GroupBy::contingent: return {k.mission, country, k.component};
    case GroupBy::total: return {};
  }
  return {};
}

/// Grouped answers (strength, series, days) in the command's CSV shape: a
/// `date` where dated, the key columns, `estimate,low,high`; then, where
/// spec section 8 applies, `unattributed`; with stale_after, `last_figure`.
class GroupedFrame {
 public:
  GroupedFrame(GroupBy by, bool dated, bool section8, bool stale) : by_(by) {
    if (dated) date_ = &f_.add<DayColumn>("date");
    for (const std::string& k : key_columns(by)) keys_.push_back(&f_.add<TextColumn>(k));
    estimate_ = &f_.add<CountColumn>("estimate");
    low_ = &f_.add<CountColumn>("low");
    high_ = &f_.add<CountColumn>("high");
    if (section8 && by != GroupBy::total) unattributed_ = &f_.add<FlagColumn>("unattributed");
    if (stale) last_figure_ = &f_.add<DayColumn>("last_figure");
  }

  /// The groups of one answer (of `date` where dated), listed as the
  /// command lists them: a group whose high is above 0 or unbounded; with
  /// by total one row, their sum, always.
  void add(const std::vector<Group>& groups, std::optional<Day> date = std::nullopt) {
    if (by_ == GroupBy::total) {
      Value sum;
      std::optional<Day> oldest;
      for (const Group& g : groups) {
        sum += g.value;
        if (g.last_figure && (!oldest || *g.last_figure < *oldest)) oldest = g.last_figure;
      }
      row(date, {}, sum, false, oldest);
      return;
    }
    for (const Group& g : groups)
      if (!g.value.none()) row(date, g.key, g.value, g.unattributed, g.last_figure);
  }
  /// The answer, with whether any high is unbounded and any size unknown.
  Frame& frame() {
    f_.notes["high_unbounded"] = unbounded_ ? "True" : "False";
    f_.notes["size_unknown"] = size_unknown_ ? "True" : "False";
    return f_;
  }

 private:
  void row(std::optional<Day> date, const Contingent& key, const Value& v, bool unattributed,
           std::optional<Day> last_figure) {
    if (date_) date_->push(*date);
    const std::vector<std::string> cells = key_cells(by_, key);
    for (std::size_t i = 0; i < keys_.size(); ++i) keys_[i]->push(cells[i]);
    estimate_->push(v.estimate);
    low_->push(v.low);
    high_->push_high(v.high);
    if (unattributed_) unattributed_->push(unattributed);
    if (last_figure_) last_figure_->push(last_figure);
    if (!v.bounded()) unbounded_ = true;
    if (v.size_unknown()) size_unknown_ = true;
  }

  GroupBy by_;
  Frame f_;
  DayColumn* date_ = nullptr;
  std::vector<TextColumn*> keys_;
  CountColumn *estimate_ = nullptr, *low_ = nullptr, *high_ = nullptr;
  FlagColumn* unattributed_ = nullptr;
  DayColumn* last_figure_ = nullptr;
  bool unbounded_ = false, size_unknown_ = false;
};

// --- Errors -----------------------------------------------------------------

/// muster.LogRefused and its two kinds that are also the caller's mistakes
/// (ValueError as well): set once at import.
struct Exceptions {
  PyObject* refused = nullptr;
  PyObject* column = nullptr;
  PyObject* unknown_row = nullptr;
};
Exceptions& exceptions() {
  static Exceptions e;
  return e;
}

void raise_refused(PyObject* type, const LogRefused& e) {
  std::string message;
  py::list diagnostics;
  for (const Diagnostic& d : e.diagnostics()) {
    if (!message.empty()) message += '\n';
    message += d.to_string();
    diagnostics.append(py::make_tuple(d.file, d.line, d.message));
  }
  if (message.empty()) message = e.what();
  py::object error = py::reinterpret_borrow<py::object>(type)(message);
  error.attr("diagnostics") = diagnostics;
  PyErr_SetObject(type, error.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const ColumnError& e) {
    raise_refused(exceptions().column, e);
  } catch (const UnknownRow& e) {
    raise_refused(exceptions().unknown_row, e);
  } catch (const LogRefused& e) {
    raise_refused(exceptions().refused, e);
  } catch (const std::invalid_argument& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const std::overflow_error& e) {
    PyErr_SetString(PyExc_OverflowError, e.what());
  }
}

// --- The log ----------------------------------------------------------------

/// A validated log and the Timelines asked of it, each built once per view.
class PyLog {
 public:
  explicit PyLog(Log log) : log_(std::make_shared<const Log>(std::move(log))) {}
  const Log& log() const { return *log_; }

  /// The Timeline of this view, built on first use (without the GIL).
  std::shared_ptr<const Timeline> timeline(const Vantage& view, const std::optional<StaleAfter>& stale) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const Kept& k : timelines_)
        if (k.view == view && k.stale == stale) return k.timeline;
    }
    auto t = std::make_shared<const Timeline>(*log_, view, stale);
    std::lock_guard<std::mutex> lock(mutex_);
    if (timelines_.size() >= max_timelines) timelines_.erase(timelines_.begin());
    timelines_.push_back({view, stale, t});
    return t;
  }

 private:
  struct Kept {
    Vantage view;
    std::optional<StaleAfter> stale;
    std::shared_ptr<const Timeline> timeline;
  };
  static constexpr std::size_t max_timelines = 8;  // the oldest goes first
  std::shared_ptr<const Log> log_;
  std::mutex mutex_;
  std::vector<Kept> timelines_;
};

/// The options every query takes (cli.md, common rules), checked.
struct Asked {
  Filter filter;
  Vantage view;
  std::optional<StaleAfter> stale;
  bool parts_only;
};

Asked asked(const Filters& filters, const std::optional<std::string>& as_of, bool include_planned,
            const std::optional<std::string>& stale_after, bool parts_only) {
  return {filter_argument(filters), vantage(optional_day("as_of", as_of), include_planned, parts_only),
          stale_argument(stale_after), parts_only};
}

py::tuple strength(PyLog& self, const std::string& on, const std::string& by, const Filters& filters,
                   const std::optional<std::string>& as_of, bool include_planned,
                   const std::optional<std::string>& stale_after, bool parts_only) {
  const Day d = day_argument("on", on);
  const GroupBy g = by_argument(by);
  const Asked a = asked(filters, as_of, include_planned, stale_after, parts_only);
  GroupedFrame out(g, false, !parts_only, a.stale.has_value());
  {
    py::gil_scoped_release unlocked;
    const auto t = self.timeline(a.view, a.stale);
    out.add(t->strength_by(g, d, a.filter));
    if (!parts_only && g != GroupBy::total) {
      // The whole's own value (spec section 8): not the sum of the rows.
      const auto whole = t->strength_by(GroupBy::total, d, a.filter);
      const Value w = whole.empty() ? Value{} : whole.front().value;
      out.frame().notes["whole"] = fmt::format("{},{},{}", w.estimate, w.low, w.high);
    }
  }
  return answer(out.frame());
}

py::tuple series(PyLog& self, const std::string& start, const std::string& end, const std::string& step,
                 const std::string& by, const Filters& filters, const std::optional<std::string>& as_of,
                 bool include_planned, const std::optional<std::string>& stale_after, bool parts_only) {
  const auto [d1, d2] = range_argument(start, end);
  const std::optional<SampleStep> s = parse_sample_step(step);
  if (!s)
    bad("step: '" + step +
        "' is not one of day, week, month, quarter, year, month-end, quarter-end, year-end");
  const GroupBy g = by_argument(by);
  const Asked a = asked(filters, as_of, include_planned, stale_after, parts_only);
  GroupedFrame out(g, true, !parts_only, a.stale.has_value());
  {
    py::gil_scoped_release unlocked;
    const auto t = self.timeline(a.view, a.stale);
    for (Day d : sample_days(d1, d2, *s)) out.add(t->strength_by(g, d, a.filter), d);
  }
  return answer(out.frame());
}

py::tuple days(PyLog& self, const std::string& start, const std::string& end, const std::string& by,
               const Filters& filters, const std::optional<std::string>& as_of, bool include_planned,
               const std::optional<std::string>& stale_after, bool parts_only) {
  const auto [d1, d2] = range_argument(start, end);
  const GroupBy g = by_argument(by);
  const Asked a = asked(filters, as_of, include_planned, stale_after, parts_only);
  GroupedFrame out(g, false, !parts_only, a.stale.has_value());
  {
    py::gil_scoped_release unlocked;
    const auto t = self.timeline(a.view, a.stale);
    out.add(t->personnel_days_by(g, d1, d2, a.filter));
  }
  return answer(out.frame());
}

py::tuple pledges(PyLog& self, const std::string& on, const Filters& filters,
                  const std::optional<std::string>& as_of, bool include_planned,
                  const std::optional<std::string>& stale_after, bool parts_only) {
  const Day d = day_argument("on", on);
  const Asked a = asked(filters, as_of, include_planned, stale_after, parts_only);
  Frame f;
  auto& mission = f.add<TextColumn>("mission");
  auto& country = f.add<TextColumn>("country");
  auto& component = f.add<TextColumn>("component");
  auto& pledged = f.add<CountColumn>("pledged");
  auto& present = f.add<CountColumn>("present");
  auto& fulfilment = f.add<RatioColumn>("fulfilment");
  {
    py::gil_scoped_release unlocked;
    const auto t = self.timeline(a.view, a.stale);
    for (const PledgeStatus& p : t->pledges(d, a.filter)) {
      mission.push(p.key.mission);
      country.push(p.key.country.code());
      component.push(p.key.component);
      if (p.size_known()) pledged.push(p.pledged);
      else pledged.push_missing();
      present.push(p.present);
      fulfilment.values.push_back(p.fulfilment().value_or(std::numeric_limits<double>::quiet_NaN()));
    }
  }
  return answer(f);
}

py::tuple check(PyLog& self, const Filters& filters, const std::optional<std::string>& as_of,
                bool include_planned, bool parts_only) {
  const Asked a = asked(filters, as_of, include_planned, std::nullopt, parts_only);
  Frame f;
  auto& verdict = f.add<TextColumn>("verdict");
  auto& id = f.add<TextColumn>("id");
  auto& line = f.add<CountColumn>("line");
  auto& kind = f.add<TextColumn>("kind");
  auto& date = f.add<DayColumn>("date");
  auto& mission = f.add<TextColumn>("mission");
  auto& country = f.add<TextColumn>("country");
  auto& component = f.add<TextColumn>("component");
  auto& estimate = f.add<CountColumn>("estimate");
  auto& low = f.add<CountColumn>("low");
  auto& high = f.add<CountColumn>("high");
  auto& against = f.add<TextColumn>("against");
  auto& against_estimate = f.add<CountColumn>("against_estimate");
  auto& against_low = f.add<CountColumn>("against_low");
  auto& against_high = f.add<CountColumn>("against_high");
  auto& difference = f.add<CountColumn>("difference");
  auto& overlap = f.add<FlagColumn>("overlap");
  // As the command's csv: where the log has an observation (spec section
  // 8), two more columns, blank where they do not apply (a report, or
  // parts_only); a log without observations has neither.
  const bool observations = !self.log().observation_rows().empty();
  TextColumn* against_rows = observations ? &f.add<TextColumn>("against_rows") : nullptr;
  CountColumn* unattributed = observations ? &f.add<CountColumn>("unattributed") : nullptr;
  std::size_t conflicts = 0;
  {
    py::gil_scoped_release unlocked;
    const Reconciliation r = reconcile(self.log(), a.filter, a.view);
    conflicts = r.count(Verdict::conflicts);
    for (const FigureCheck* x : r.conflicts_first()) {
      verdict.push(to_string(x->verdict()));
      id.push(x->row.id);
      line.push(static_cast<Count>(x->row.line));
      kind.push(x->observation ? "observation" : "report");
      date.push(x->day);
      mission.push(x->scope.mission);
      country.push(x->scope.country.code());
      component.push(x->scope.component);
      estimate.push(x->stated.estimate);
      low.push(x->stated.low);
      high.push_high(x->stated.high);
      against.push(x->set_by ? std::string(x->set_by->id) : x->observation ? "contingents" : "tracks");
      against_estimate.push(x->tracks.estimate);
      against_low.push(x->tracks.low);
      against_high.push_high(x->tracks.high);
      difference.push(x->difference());
      overlap.push(x->overlap());
      if (against_rows) {
        std::string ids;
        if (x->totals)
          for (const Event& e : x->totals->against) (ids += ids.empty() ? "" : " ") += e.id;
        against_rows->push(ids);
        unattributed->push(x->totals && x->totals->kept ? std::optional<Count>(x->totals->unattributed)
                                                        : std::nullopt);
      }
    }
  }
  f.notes["conflicts"] = std::to_string(conflicts);
  return answer(f);
}

py::tuple explain(PyLog& self, const std::string& on, const Filters& filters,
                  const std::optional<std::string>& as_of, bool include_planned, bool parts_only,
                  bool all) {
  const Day d = day_argument("on", on);
  const Asked a = asked(filters, as_of, include_planned, std::nullopt, parts_only);
  Frame f;
  auto& role = f.add<TextColumn>("role");
  auto& id = f.add<TextColumn>("id");
  auto& line = f.add<CountColumn>("line");
  auto& kind = f.add<TextColumn>("kind");
  auto& date = f.add<TextColumn>("date");
  auto& mission = f.add<TextColumn>("mission");
  auto& country = f.add<TextColumn>("country");
  auto& component = f.add<TextColumn>("component");
  auto& row_estimate = f.add<CountColumn>("row_estimate");
  auto& row_low = f.add<CountColumn>("row_low");
  auto& row_high = f.add<CountColumn>("row_high");
  auto& estimate = f.add<CountColumn>("estimate");
  auto& low = f.add<CountColumn>("low");
  auto& high = f.add<CountColumn>("high");
  auto& reason = f.add<TextColumn>("reason");
  auto& source = f.add<TextColumn>("source");
  Value strength;
  {
    py::gil_scoped_release unlocked;
    const Explanation x = muster::explain(self.log(), d, a.filter, a.view);
    strength = x.strength;
    // One record a row, in the order and with the words of `muster explain
    // --format csv`: the shaping rows (overwritten ones only with `all`),
    // the hidden rows, the observations, the bounding totals, the group by
    // section 5 alone.
    auto row = [&](const char* r, const Event* e, const std::optional<Value>& after, const std::string& why) {
      role.push(r);
      if (e) {
        id.push(e->id);
        line.push(static_cast<Count>(e->line));
        kind.push(to_string(e->kind));
        date.push(to_string(e->date));
        mission.push(e->mission);
        country.push(e->country ? e->country->code() : "");
        component.push(e->component);
        if (e->kind == Kind::end) {
          row_estimate.push_missing(), row_low.push_missing(), row_high.push_missing();
        } else {
          row_estimate.push(e->value.estimate), row_low.push(e->value.low), row_high.push_high(e->value.high);
        }
        source.push(e->source);
      } else {
        id.push(""), line.push_missing(), kind.push(""), date.push(""), mission.push(""), country.push("");
        component.push(""), row_estimate.push_missing(), row_low.push_missing(), row_high.push_missing();
        source.push("");
      }
      if (after) estimate.push(after->estimate), low.push(after->low), high.push_high(after->high);
      else estimate.push_missing(), low.push_missing(), high.push_missing();
      reason.push(why);
    };
    for (const ShapingRow& s : x.steps) {
      if (s.overwritten_by && !all) continue;
      std::string why = s.row.status == Status::planned ? "planned, counted" : "";
      if (s.overwritten_by) {
        const Event& by = x.steps[*s.overwritten_by].row;
        why += fmt::format("{}overwritten by {} (the report of {})", why.empty() ? "" : "; ", by.id,
                           to_string(by.date.last));
      }
      row(s.overwritten_by ? "overwritten" : "shapes", &s.row, s.after, why);
    }
    for (const HiddenRow& h : x.hidden) {
      std::string why;
      for (const auto& r : h.reasons) why += (why.empty() ? "" : "; ") + to_string(r, h.row, x.view);
      row("hidden", &h.row, std::nullopt, why);
    }
    for (std::size_t i = 0; i < x.observations.size(); ++i) {
      const char* why = x.observation_kept.empty() ? "held against the tracks; changes none"
                        : x.observation_kept[i]    ? "kept: bounds what it covers (spec section 8)"
                                                   : "not kept: conflicts (spec section 8; see check)";
      row("observation", &x.observations[i], std::nullopt, why);
    }
    for (const BoundingTotal& b : x.bounded_by) row("bounds", &b.row, b.without, "the group's strength without it");
    if (x.parts_only) row("parts-only", nullptr, x.parts_only, "the group's strength by spec section 5 alone");
  }
  f.notes["estimate"] = std::to_string(strength.estimate);
  f.notes["low"] = std::to_string(strength.low);
  f.notes["high"] = strength.bounded() ? std::to_string(strength.high) : "";
  return answer(f);
}

// --- Import -----------------------------------------------------------------

MissingAs missing_as_argument(const std::string& s) {
  if (s == "unknown") return MissingAs::unknown;
  if (s == "skip") return MissingAs::skip;
  if (s == "zero") return MissingAs::zero;
  bad("missing_as: '" + s + "' is not one of unknown, skip, zero");
}
AbsentAs absent_as_argument(const std::string& s) {
  if (s == "unknown") return AbsentAs::unknown;
  if (s == "zero") return AbsentAs::zero;
  if (s == "carry") return AbsentAs::carry;
  bad("absent_as: '" + s + "' is not one of unknown, zero, carry");
}
Fractions fractions_argument(const std::string& s) {
  if (s == "refuse") return Fractions::refuse;
  if (s == "range") return Fractions::range;
  if (s == "round") return Fractions::round;
  bad("fractions: '" + s + "' is not one of refuse, range, round");
}
Kind import_kind_argument(const std::string& s) {
  if (s == "report") return Kind::report;
  if (s == "end") return Kind::end;
  bad("kind: '" + s + "' is not one of report, end");
}
char one_char(const std::optional<std::string>& s, const char* name, char otherwise) {
  if (!s) return otherwise;
  if (*s == "tab" || *s == "\t") return '\t';
  if (s->size() != 1) bad(fmt::format("{}: '{}' is not one character (or 'tab')", name, *s));
  return (*s)[0];
}

py::dict import_tables_py(const std::vector<std::string>& tables, const py::dict& o) {
  auto text = [&](const char* k) { return o.contains(k) && !o[k].is_none() ? o[k].cast<std::string>() : std::string(); };
  auto texts = [&](const char* k) {
    return o.contains(k) && !o[k].is_none() ? o[k].cast<std::vector<std::string>>() : std::vector<std::string>();
  };
  auto given = [&](const char* k) { return o.contains(k) && !o[k].is_none(); };
  ImportOptions options;
  options.date_column = text("date");
  options.year_column = text("year");
  options.month_column = text("month");
  options.quarter_column = text("quarter");
  options.date_format = text("date_format");
  options.wide = given("wide") && o["wide"].cast<bool>();
  options.ignore_columns = texts("ignore_columns");
  options.country_columns = texts("country");
  options.country_name = text("country_name");
  if (given("aliases")) options.aliases = o["aliases"].cast<std::map<std::string, std::string>>();
  if (given("count"))
    for (const auto& [column, component] :
         o["count"].cast<std::vector<std::pair<std::string, std::optional<std::string>>>>())
      options.counts.push_back({column, component});
  for (auto [k, into] : {std::pair{"low", &options.low_column}, {"high", &options.high_column}})
    if (given(k)) {
      *into = text(k);
      if (trim_blanks(*into).empty()) bad(fmt::format("{}: '{}' names no column", k, *into));
    }
  options.thousands = one_char(given("thousands") ? std::optional(text("thousands")) : std::nullopt, "thousands", 0);
  if (given("fractions")) options.fractions = fractions_argument(text("fractions"));
  options.mission = text("mission");
  options.mission_column = text("mission_column");
  options.component = text("component");
  options.component_column = text("component_column");
  options.source_column = text("source_column");
  options.delimiter = one_char(given("delimiter") ? std::optional(text("delimiter")) : std::nullopt, "delimiter", ',');
  if (given("missing")) options.missing = texts("missing");
  if (given("missing_when"))
    options.missing_when = o["missing_when"].cast<std::vector<std::pair<std::string, std::string>>>();
  if (given("missing_as")) options.missing_as = missing_as_argument(text("missing_as"));
  if (given("absent_as")) options.absent_as = absent_as_argument(text("absent_as"));
  if (given("kind")) options.kind = import_kind_argument(text("kind"));
  if (given("id_prefix")) options.id_prefix = text("id_prefix");
  options.recorded = text("recorded");
  options.skip_unknown_countries = given("skip_unknown_countries") && o["skip_unknown_countries"].cast<bool>();
  ImportResult r;
  {
    py::gil_scoped_release unlocked;
    r = import_tables(tables, options);
  }
  py::dict out;
  out["text"] = py::bytes(r.log_text);
  out["rows_written"] = r.rows_written;
  out["figures_missing"] = r.figures_missing;
  out["keys_absent"] = r.keys_absent;
  out["unknown_size"] = r.unknown_size;
  out["dates_blank"] = r.dates_blank;
  py::list unknown;
  for (const auto& [spelling, u] : r.unknown_countries)
    unknown.append(py::make_tuple(spelling, u.rows, u.file, u.line, u.message));
  out["unknown_countries"] = unknown;
  out["summary"] = to_string(r);
  return out;
}

// --- Writing ----------------------------------------------------------------

RowCells row_cells(const py::dict& cells) {
  RowCells r;
  for (const auto& [k, v] : cells) {
    const std::string name = py::str(k);
    if (v.is_none()) continue;
    if (name == "extra") {
      for (const auto& [xk, xv] : v.cast<py::dict>()) {
        std::string column = py::str(xk);
        if (column.rfind("x_", 0) != 0) column = "x_" + column;
        r.extra.emplace_back(std::move(column), py::str(xv).cast<std::string>());
      }
      continue;
    }
    const std::optional<Column> c = parse_column(name);
    if (!c) bad(fmt::format("{}: not a column of a log (spec section 2)", name));
    cell(r, *c) = py::str(v).cast<std::string>();
  }
  return r;
}

py::tuple appended(const Appended& a) { return py::make_tuple(a.id, a.line); }

/// Times, in this process and without Python, what bench/python_module.py
/// holds the module against: reading the log, and (once read) its Timeline
/// of the default view built and asked strength by country. Seconds each.
std::pair<double, double> time_in_cpp(const std::string& path, const std::string& on, bool parts_only) {
  const Day d = day_argument("on", on);
  py::gil_scoped_release unlocked;
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const Log log = read_log(path);
  const auto t1 = clock::now();
  const Timeline t{log, vantage(std::nullopt, false, parts_only)};
  const auto groups = t.strength_by(GroupBy::country, d);
  const auto t2 = clock::now();
  (void)groups;
  const std::chrono::duration<double> read = t1 - t0, query = t2 - t1;
  return {read.count(), query.count()};
}

}  // namespace
}  // namespace muster::python

PYBIND11_MODULE(_native, m) {
  using namespace muster;
  using namespace muster::python;
  m.doc() = "muster's library, compiled: use the muster package, not this module";

  auto& e = exceptions();
  e.refused = PyErr_NewExceptionWithDoc(
      "muster.LogRefused", "A log refused by the rules of the spec: .diagnostics lists every (file, line, message).",
      PyExc_Exception, nullptr);
  py::tuple column_bases = py::make_tuple(py::handle(e.refused), py::handle(PyExc_ValueError));
  e.column = PyErr_NewExceptionWithDoc(
      "muster.ColumnError", "A cell for a column the log's header lacks (a LogRefused and a ValueError).",
      column_bases.ptr(), nullptr);
  e.unknown_row = PyErr_NewExceptionWithDoc(
      "muster.UnknownRow", "No row of the log has the id named (a LogRefused and a ValueError).",
      column_bases.ptr(), nullptr);
  m.add_object("LogRefused", py::handle(e.refused));
  m.add_object("ColumnError", py::handle(e.column));
  m.add_object("UnknownRow", py::handle(e.unknown_row));
  py::register_exception_translator(&translate);

  py::class_<Filters>(m, "Filters")
      .def(py::init<std::vector<std::string>, std::vector<std::string>, std::vector<std::string>>());

  py::class_<PyLog>(m, "Log")
      .def_property_readonly("file", [](const PyLog& l) { return l.log().file(); })
      .def("__len__", [](const PyLog& l) { return l.log().size(); })
      .def_property_readonly("user_columns", [](const PyLog& l) { return l.log().user_columns(); })
      .def("to_csv", [](const PyLog& l) { return py::bytes(write_log(l.log())); })
      .def("strength", &muster::python::strength)
      .def("series", &muster::python::series)
      .def("days", &muster::python::days)
      .def("pledges", &muster::python::pledges)
      .def("check", &muster::python::check)
      .def("explain", &muster::python::explain);

  m.def("read_log", [](const std::string& path) {
    py::gil_scoped_release unlocked;
    return std::make_unique<PyLog>(read_log(path));
  });
  m.def("log_from", [](std::string text, std::string name) {
    py::gil_scoped_release unlocked;
    return std::make_unique<PyLog>(parse_log(std::move(text), std::move(name)));
  });
  m.def("build", [](const std::string& name, const std::vector<py::dict>& rows) {
    LogBuilder b{name};
    for (const py::dict& r : rows) b.add(row_cells(r));
    py::gil_scoped_release unlocked;
    return std::make_unique<PyLog>(std::move(b).build());
  });
  m.def("import_tables", &import_tables_py);
  m.def("append", [](const std::string& path, const py::dict& cells) {
    RowCells r = row_cells(cells);
    Appended a;
    {
      py::gil_scoped_release unlocked;
      a = append_row(path, std::move(r));
    }
    return appended(a);
  });
  m.def("correct", [](const std::string& path, const std::string& id, const py::dict& changes,
                      const std::string& today) {
    auto given = [&](const char* k) -> std::optional<std::string> {
      if (!changes.contains(k) || changes[k].is_none()) return std::nullopt;
      return py::str(changes[k]).cast<std::string>();
    };
    const Correction c{.count = given("count"), .low = given("low"), .high = given("high"),
                       .date = given("date"), .status = given("status"), .source = given("source"),
                       .note = given("note"), .id = given("id"), .recorded = given("recorded")};
    const Day d = day_argument("today", today);
    Appended a;
    {
      py::gil_scoped_release unlocked;
      a = correct_row(path, id, c, d);
    }
    return appended(a);
  });
  m.def("retract", [](const std::string& path, const std::string& id, const std::string& source,
                      const std::string& note, const std::string& new_id, const std::string& today) {
    const Day d = day_argument("today", today);
    Appended a;
    {
      py::gil_scoped_release unlocked;
      a = retract_row(path, id, Retraction{.source = source, .note = note, .id = new_id}, d);
    }
    return appended(a);
  });
  m.def("_time_in_cpp", &time_in_cpp);
}

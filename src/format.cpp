// Values as text (muster/format.hpp).
#include "muster/format.hpp"

#include <fmt/format.h>

#include <locale>

namespace muster {

namespace {
struct thousands_punct : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};
const std::locale& thousands_locale() {
  static const std::locale loc(std::locale::classic(), new thousands_punct);
  return loc;
}
}  // namespace

std::string with_thousands(Count n) { return fmt::format(thousands_locale(), "{:L}", n); }

std::string to_string(const Value& v, bool thousands) {
  auto num = [&](Count n) { return thousands ? with_thousands(n) : fmt::to_string(n); };
  if (v.bounded()) {
    if (v.low == v.high) return num(v.estimate);
    return fmt::format("{} ({} to {})", num(v.estimate), num(v.low), num(v.high));
  }
  if (v.size_unknown()) return "?";
  if (v.estimate == v.low) return fmt::format("{} or more", num(v.low));
  return fmt::format("{} ({} or more)", num(v.estimate), num(v.low));
}

std::string range_text(const Value& v) {
  if (v.none()) return "-";
  if (!v.bounded()) return v.low == 0 ? "?" : with_thousands(v.low) + " or more";
  if (v.low == v.high) return with_thousands(v.estimate);
  return fmt::format("{} to {}", with_thousands(v.low), with_thousands(v.high));
}

std::string value_text(const Value& v) { return to_string(v, true); }

std::string to_string(const CountryLookup& l) {
  if (l.country) return std::string(l.country->code());
  std::string out = "no country";
  auto list = [&](std::string_view what, const auto& items, std::string_view sep) {
    out += fmt::format(" ({}: ", what);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += i + 1 == items.size() ? sep : ", ";
      out += fmt::format("{}", items[i]);
    }
    out += ')';
  };
  if (!l.candidates.empty()) list("ambiguous", l.candidates, " or ");
  else if (!l.suggestions.empty()) list("closest", l.suggestions, ", ");
  return out;
}

std::string contingent_text(const Contingent& c) {
  std::string s = c.mission;
  for (const std::string_view part : {c.country.ok() ? c.country.code() : std::string_view{},
                                      std::string_view{c.component}}) {
    if (part.empty()) continue;
    if (!s.empty()) s.push_back('/');
    s.append(part);
  }
  return s;
}

std::string scope_text(const Contingent& scope, bool observation) {
  if (!observation) return contingent_text(scope);
  std::string s = contingent_text(scope);
  if (!scope.country.ok()) s += " (all countries)";
  else if (scope.component.empty()) s += " (all components)";
  return s;
}

std::string vantage_text(const Vantage& v) {
  if (v.as_of && v.include_planned) return fmt::format("as of {}, with planned rows", to_string(*v.as_of));
  if (v.as_of) return fmt::format("as of {}", to_string(*v.as_of));
  return v.include_planned ? "every row, planned too" : "every confirmed row";
}

namespace {

template <class T, class Text>
void add_field(std::string& out, std::string_view name, const AnyOf<T>& values, Text text) {
  if (!values) return;
  if (!out.empty()) out += ", ";
  out += name;
  std::string_view sep = " ";
  for (const T& v : values.values()) {
    out += sep;
    out += text(v);
    sep = " or ";
  }
}

}  // namespace

std::string filter_text(const Filter& f) {
  std::string out;
  auto plain = [](const std::string& s) { return s.empty() ? std::string("(unspecified)") : s; };
  add_field(out, "mission", f.mission, plain);
  add_field(out, "country", f.country, [](const Country& c) { return std::string(c.code()); });
  add_field(out, "component", f.component, plain);
  return out.empty() ? "everything" : out;
}

std::string event_text(const Event& e) {
  std::string out = fmt::format("row {} (line {}): {} of {} on {}", e.id, e.line, to_string(e.kind),
                                contingent_text(e.contingent()), to_string(e.date));
  if (e.kind != Kind::retraction) out += ", " + to_string(e.value);
  if (e.status == Status::planned) out += ", planned";
  if (e.recorded != e.date.first) out += ", recorded " + to_string(e.recorded);
  if (e.supersedes) out += fmt::format(", supersedes the row of index {}", *e.supersedes);
  return out;
}

}  // namespace muster

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
  if (!v.bounded()) return fmt::format("{} ({} or more)", num(v.estimate), num(v.low));
  if (v.low == v.high) return num(v.estimate);
  return fmt::format("{} ({} to {})", num(v.estimate), num(v.low), num(v.high));
}

std::string range_text(const Value& v) {
  if (v.none()) return "-";
  if (!v.bounded()) return v.low == 0 ? "?" : with_thousands(v.low) + " or more";
  if (v.low == v.high) return with_thousands(v.estimate);
  return fmt::format("{} to {}", with_thousands(v.low), with_thousands(v.high));
}

std::string value_text(const Value& v) {
  if (v.bounded()) return to_string(v, true);
  if (v.size_unknown()) return "?";
  if (v.estimate == v.low) return fmt::format("{} or more", with_thousands(v.low));
  return fmt::format("{} ({} or more)", with_thousands(v.estimate), with_thousands(v.low));
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

}  // namespace muster

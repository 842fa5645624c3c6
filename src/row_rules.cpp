// The spec's rules for a log's header and rows (row_rules.hpp).
#include "row_rules.hpp"

namespace muster::spec {

std::string bad_count(std::string_view column, std::string_view t) {
  std::string msg = fmt::format("{} {}: expected a whole number from 0 to 1,000,000,000, digits only",
                                column, shown(t));
  const auto dot = t.find('.');
  const bool digits_before = dot != std::string_view::npos && dot > 0 &&
                             t.substr(0, dot).find_first_not_of("0123456789") == std::string_view::npos;
  const std::string_view fraction = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  if (digits_before && !fraction.empty() &&
      fraction.find_first_not_of('0') == std::string_view::npos)
    msg += fmt::format(" (counts are whole numbers: write {} without '.{}'; pandas writes an integer "
                       "column with a blank cell as floats: convert it with .astype('Int64') before "
                       "to_csv)", t.substr(0, dot), fraction);
  return msg;
}

}  // namespace muster::spec

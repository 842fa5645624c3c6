// muster/generate.hpp — made-up logs of realistic shape, for benchmarks and
// tests.
//
// `generate_log` writes a valid version-1 log (spec sections 1-3 and 6) that
// looks like the real thing: missions with contributing countries and their
// components, arrivals, departures that never exceed strength, reports (some
// as ranges, some of unknown size, some for a whole month), pledges,
// corrections and retractions of mistaken rows, planned rows, and the day
// each row became known. The same options always give the same bytes.
//
//     muster::GenerateOptions o{.rows = 100'000, .seed = 7};
//     std::string text = muster::generate_log(o);
//     muster::Log log = muster::parse_log(text, "generated.csv");
#pragma once

#include "muster/day.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace muster {

struct GenerateOptions {
  std::size_t rows = 1000;   ///< data rows, not counting the header
  std::uint64_t seed = 1;    ///< the same seed gives the same log
  int countries = 50;        ///< contributing countries, 1 to the size of the ISO table
  int missions = 10;         ///< missions, at least 1
  Day from = Day{date::year{1990} / 1 / 1};   ///< first effective date
  Day to = Day{date::year{2025} / 12 / 31};   ///< last effective date
  /// Only confirmed, day-dated arrivals and departures of exact counts, with
  /// a component on every row: the shape that a sum of arrivals minus
  /// departures (an interval map, a SQL SUM) answers exactly as muster does.
  bool plain = false;
};

/// Writes the log (header first) in pieces of about a megabyte to `write`.
/// Throws std::invalid_argument for options out of range.
void generate_log(const GenerateOptions& options,
                  const std::function<void(std::string_view)>& write);

/// The whole log as one string.
std::string generate_log(const GenerateOptions& options);

}  // namespace muster

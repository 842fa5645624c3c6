// muster/log.hpp — a version-1 event log, read and validated whole.
//
// `read_log` applies every rule of spec sections 1-3 and 6 and returns either
// a whole log or nothing: a refused file throws `LogRefused`, which carries
// every error found (file, line, message), in line order.
//
//     try {
//       muster::Log log = muster::read_log("mss.csv");
//       fmt::print("{} rows\n", log.events().size());
//     } catch (const muster::LogRefused& e) {
//       for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", d);
//     }
#pragma once

#include "muster/event.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace muster {

/// One thing wrong with a file: printed as `FILE:LINE: message`.
struct Diagnostic {
  std::string file;
  std::size_t line = 0;
  std::string message;

  std::string to_string() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Thrown when a file is refused; holds every error found.
class LogRefused : public std::runtime_error {
 public:
  explicit LogRefused(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// A validated log: its events in file order, immutable.
class Log {
 public:
  Log() = default;

  /// The name errors use for this file (`-` reads as `<stdin>`).
  const std::string& file() const noexcept { return file_; }
  /// Every row in file order.
  std::span<const Event> events() const noexcept { return events_; }
  /// The user columns (`x_...`) of the header, in header order.
  const std::vector<std::string>& user_columns() const noexcept { return user_columns_; }
  /// The event with this id, or nullptr.
  const Event* find(std::string_view id) const;
  /// Whether a report is an observation (spec section 5): a report with a
  /// blank country, or with a blank component where the file holds rows of
  /// the same mission and country with a component. Observations are held
  /// against the tracks instead of changing them.
  bool is_observation(const Event& e) const noexcept {
    return e.index < observation_.size() && observation_[e.index];
  }

 private:
  friend Log parse_log(std::string text, std::string file_name);
  friend class Timeline;
  std::string file_;
  std::vector<Event> events_;
  std::vector<std::string> user_columns_;
  std::vector<std::size_t> by_id_;  // event indices sorted by id
  std::vector<bool> observation_;
  // Every contingent of a row other than a retraction, sorted, and the
  // position of each event's contingent there (no_contingent: a retraction).
  std::vector<Contingent> contingents_;
  std::vector<std::uint32_t> contingent_of_;
  static constexpr std::uint32_t no_contingent = 0xFFFFFFFF;
};

/// Reads and validates the text of a log; `file_name` is used in errors.
/// Throws LogRefused.
Log parse_log(std::string text, std::string file_name);

/// The most `read_log` reads of one file, 4 GiB (docs/limits.md): a log is
/// held in memory whole, at a few hundred bytes a row.
inline constexpr std::size_t max_log_bytes = std::size_t{4} << 30;

/// Reads and validates a log file; `-` reads standard input. Throws
/// LogRefused (also when the file cannot be read).
Log read_log(const std::filesystem::path& path, std::size_t max_file_bytes = max_log_bytes);

}  // namespace muster

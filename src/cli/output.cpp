#include "output.hpp"

#include <muster/csv.hpp>
#include <muster/format.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace muster::cli {
namespace {

std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string plain(const Cell& c) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return v;
        else if constexpr (std::is_same_v<T, Count>) return fmt::to_string(v);
        else if constexpr (std::is_same_v<T, std::optional<Count>>) return v ? fmt::to_string(*v) : "";
        else if constexpr (std::is_same_v<T, Flag>) return v.value ? "yes" : "no";
        else return v.value ? fmt::format("{:.3f}", *v.value) : "";
      },
      c);
}

std::string human(const Cell& c) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return v;
        else if constexpr (std::is_same_v<T, Count>) return with_thousands(v);
        else if constexpr (std::is_same_v<T, std::optional<Count>>) return v ? with_thousands(*v) : "∞";
        else if constexpr (std::is_same_v<T, Flag>) return v.value ? "yes" : "no";
        else return v.value ? fmt::format("{:.1f}%", *v.value * 100) : "-";
      },
      c);
}

bool numeric(const Cell& c) {
  return !std::holds_alternative<std::string>(c) && !std::holds_alternative<Flag>(c);
}

// The one JSON writer's table: an array of objects, one a row.
nlohmann::ordered_json json_of(const Result& r) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& row : r.rows) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            auto& slot = o[r.columns[i]];
            if constexpr (std::is_same_v<T, std::optional<Count>>) slot = v ? nlohmann::ordered_json(*v) : nullptr;
            else if constexpr (std::is_same_v<T, Ratio>) slot = v.value ? nlohmann::ordered_json(std::round(*v.value * 1000) / 1000) : nullptr;
            else if constexpr (std::is_same_v<T, Flag>) slot = v.value;
            else slot = v;
          },
          row[i]);
    }
    arr.push_back(std::move(o));
  }
  return arr;
}

void put(std::FILE* out, const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) noexcept {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "json") return Format::json;
  return std::nullopt;
}

std::string csv_field(const std::string& s) { return muster::csv_field(s); }

void write_json(std::FILE* out, const Document& d) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (const auto& [name, part] : d.parts)
    std::visit(
        [&, &name = name](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Result>) doc[name] = json_of(v);
          else doc[name] = v;
        },
        part);
  put(out, doc.dump(2) + "\n");
}

void write(std::FILE* out, const Result& r, Format f) {
  std::string text;
  if (f == Format::csv) {
    for (std::size_t i = 0; i < r.columns.size(); ++i) {
      if (i) text += ',';
      text += csv_field(r.columns[i]);
    }
    text += '\n';
    for (const auto& row : r.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) text += ',';
        text += csv_field(plain(row[i]));
      }
      text += '\n';
    }
  } else if (f == Format::json) {
    text = json_of(r).dump(2) + "\n";
  } else {
    std::vector<std::vector<std::string>> cells;
    std::vector<bool> right(r.columns.size(), false);
    for (const auto& row : r.rows) {
      std::vector<std::string> line;
      for (std::size_t i = 0; i < row.size(); ++i) {
        line.push_back(human(row[i]));
        if (numeric(row[i])) right[i] = true;
      }
      cells.push_back(std::move(line));
    }
    const bool total = !r.total.empty() && !r.rows.empty();
    if (total) {
      std::vector<std::string> line;
      for (const Cell& cell : r.total) line.push_back(human(cell));
      line[0] = "total";
      cells.push_back(std::move(line));
    }
    std::vector<std::size_t> width(r.columns.size());
    for (std::size_t i = 0; i < r.columns.size(); ++i) width[i] = display_width(r.columns[i]);
    for (const auto& line : cells)
      for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], display_width(line[i]));
    auto emit = [&](const std::vector<std::string>& line) {
      std::string s;
      for (std::size_t i = 0; i < line.size(); ++i) {
        const std::string pad(width[i] - display_width(line[i]), ' ');
        if (i) s += "  ";
        if (right[i]) s += pad;
        s += line[i];
        if (!right[i] && i + 1 < line.size()) s += pad;
      }
      text += s + '\n';
    };
    emit(r.columns);
    std::vector<std::string> rule;
    for (std::size_t w : width) rule.push_back(std::string(w, '-'));
    emit(rule);
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (total && k == r.rows.size()) emit(rule);
      emit(cells[k]);
    }
  }
  put(out, text);
}

}  // namespace muster::cli

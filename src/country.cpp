// The ISO 3166-1 table (generated from iso-codes at build time) and lookup.
#include "muster/country.hpp"

#include <algorithm>
#include <vector>

namespace muster {
namespace {

struct CountryRow {
  const char* alpha2;
  const char* alpha3;
  const char* name;
  const char* official_name;
  const char* common_name;
};

constexpr CountryRow table[] = {
#include "iso_3166_1.inc"
};

// Base letters for U+00C0..U+017F; "" keeps the character as it is.
constexpr const char* latin1[64] = {
    "a", "a", "a", "a", "a",  "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o",  "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a",  "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o",  "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

const char* latin_extended_a(unsigned cp) {
  struct Range { unsigned lo, hi; const char* base; };
  static constexpr Range ranges[] = {
      {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
      {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
      {0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
      {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
      {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
      {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"}};
  for (const auto& r : ranges)
    if (cp >= r.lo && cp <= r.hi) return r.base;
  return "";
}

std::string key_of(std::string_view spelling) {
  std::string k = fold_name(spelling);
  // Trim spaces, then drop a leading "the ".
  const auto b = k.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  k = k.substr(b, k.find_last_not_of(' ') - b + 1);
  if (k.size() > 4 && k.compare(0, 4, "the ") == 0) k.erase(0, 4);
  return k;
}

struct Index {
  std::vector<std::pair<std::string, std::size_t>> keys;  // folded spelling -> row
  std::vector<std::pair<std::string_view, std::size_t>> by_code;  // alpha-3 -> row
};

const Index& index() {
  static const Index idx = [] {
    Index i;
    for (std::size_t r = 0; r < std::size(table); ++r) {
      const auto& row = table[r];
      for (const char* s : {row.alpha2, row.alpha3, row.name, row.official_name, row.common_name})
        if (*s) i.keys.emplace_back(key_of(s), r);
      i.by_code.emplace_back(row.alpha3, r);
    }
    std::sort(i.keys.begin(), i.keys.end());
    i.keys.erase(std::unique(i.keys.begin(), i.keys.end()), i.keys.end());
    std::sort(i.by_code.begin(), i.by_code.end());
    return i;
  }();
  return idx;
}

const CountryRow* row_of(std::string_view code) {
  const auto& codes = index().by_code;
  auto it = std::lower_bound(codes.begin(), codes.end(), code,
                             [](const auto& e, std::string_view c) { return e.first < c; });
  if (it == codes.end() || it->first != code) return nullptr;
  return &table[it->second];
}

}  // namespace

std::string fold_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      continue;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      const char* base = cp >= 0xC0 && cp < 0x100 ? latin1[cp - 0xC0]
                         : cp >= 0x100 && cp < 0x180 ? latin_extended_a(cp)
                                                     : "";
      if (*base) {
        out += base;
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::optional<Country> Country::find(std::string_view spelling) {
  const std::string k = key_of(spelling);
  if (k.empty()) return std::nullopt;
  const auto& keys = index().keys;
  auto it = std::lower_bound(keys.begin(), keys.end(), k,
                             [](const auto& e, const std::string& key) { return e.first < key; });
  if (it == keys.end() || it->first != k) return std::nullopt;
  const char* a3 = table[it->second].alpha3;
  return Country({a3[0], a3[1], a3[2]});
}

std::string_view Country::name() const noexcept {
  const CountryRow* r = row_of(code());
  return r ? r->name : std::string_view{};
}

std::string_view Country::common_name() const noexcept {
  const CountryRow* r = row_of(code());
  if (!r) return {};
  return *r->common_name ? r->common_name : r->name;
}

}  // namespace muster

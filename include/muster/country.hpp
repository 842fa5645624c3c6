// muster/country.hpp — the country that sends a contingent.
//
// A `Country` is an ISO 3166-1 alpha-3 code, or the ISO 3166-3 alpha-3 code
// of a former country that dissolved, split or merged (YUG, SUN, CSK, ...).
// `Country::find` accepts every spelling a log may use (spec section 2a): the
// alpha-3 or alpha-2 code in any case; or a name of ISO 3166-1 or 3166-3, of
// CLDR, or of the documented list data/country-names.csv (docs/countries.md),
// case-, accent- and punctuation-insensitive, inverted or not, with a leading
// "The " ignored.
//
//     auto ken = muster::Country::find("Kenya");          // KEN
//     auto civ = muster::Country::find("Cote d Ivoire");  // CIV
//     fmt::print("{} is {}\n", ken->code(), ken->name()); // KEN is Kenya
//     auto l = muster::Country::lookup("Kenia");          // no country:
//     l.message("Kenia");  // unknown country 'Kenia' (did you mean Kenya?)
#pragma once

#include <array>
#include <cstddef>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace muster {

struct CountryLookup;

class Country {
 public:
  /// An empty country (no code); `ok()` is false.
  constexpr Country() = default;

  /// The country for any accepted spelling, or nullopt.
  static std::optional<Country> find(std::string_view spelling);
  /// The country for a spelling, or why there is none: the candidates of an
  /// ambiguous name (`Korea`), or the closest known spellings of an unknown one.
  static CountryLookup lookup(std::string_view spelling);

  /// The alpha-3 code, e.g. "KEN"; empty for a default-built country.
  std::string_view code() const noexcept {
    return ok() ? std::string_view(code_.data(), 3) : std::string_view{};
  }
  /// The ISO 3166-1 English short name, e.g. "Kenya"; for a former country,
  /// its short name ("Yugoslavia").
  std::string_view name() const noexcept;
  /// The common name where ISO gives one ("Bolivia"), else the name.
  std::string_view common_name() const noexcept;

  constexpr bool ok() const noexcept { return code_[0] != 0; }
  /// A former country of ISO 3166-3 that keeps its own code (YUG, SUN, ...).
  bool former() const noexcept;

  friend constexpr auto operator<=>(const Country&, const Country&) = default;
  friend constexpr bool operator==(const Country&, const Country&) = default;

 private:
  explicit constexpr Country(std::array<char, 3> c) : code_(c) {}
  std::array<char, 3> code_{};
};

/// What `Country::lookup` found: a country, or else the candidates of an
/// ambiguous spelling (two or more), or else suggestions (closest spellings
/// known, maybe none).
struct CountryLookup {
  std::optional<Country> country;
  std::vector<Country> candidates;
  std::vector<std::string> suggestions;

  /// Why `spelling` names no country, e.g. "unknown country 'Kenia' (did you
  /// mean Kenya?)" or "unknown country 'Korea' (ambiguous: KOR South Korea or
  /// PRK North Korea)"; a spelling longer than 40 bytes is shown cut.
  std::string message(std::string_view spelling) const;
};

/// Lower-cases ASCII letters and folds accented Latin letters to their base
/// letter (`Côte` -> `cote`); the key under which names are compared.
std::string fold_name(std::string_view text);

/// The optimal string alignment distance of `a` and `b` (each insertion,
/// deletion, substitution or swap of two neighbouring bytes costs 1), or
/// `bound + 1` as soon as it must be more than `bound`; strings of 64 bytes
/// or more are always `bound + 1` away. Bytes are compared as they are:
/// fold them first (fold_name) to ignore case. `Country::lookup` suggests
/// spellings with it; the command suggests options and values.
///
///     muster::edit_distance("strengh", "strength", 2);  // 1
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t bound) noexcept;

}  // namespace muster

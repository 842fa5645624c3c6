// muster/country.hpp — the country that sends a contingent.
//
// A `Country` is an ISO 3166-1 alpha-3 code. `Country::find` accepts every
// spelling a log may use (spec section 2): the alpha-3 or alpha-2 code in any
// case, or the ISO English name, official name or common name, case-insensitive,
// with a leading "The " ignored and accents optional.
//
//     auto ken = muster::Country::find("Kenya");          // KEN
//     auto civ = muster::Country::find("cote d'ivoire");  // CIV
//     fmt::print("{} is {}\n", ken->code(), ken->name()); // KEN is Kenya
#pragma once

#include <array>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace muster {

class Country {
 public:
  /// An empty country (no code); `ok()` is false.
  constexpr Country() = default;

  /// The country for any accepted spelling, or nullopt.
  static std::optional<Country> find(std::string_view spelling);

  /// The alpha-3 code, e.g. "KEN"; empty for a default-built country.
  std::string_view code() const noexcept {
    return ok() ? std::string_view(code_.data(), 3) : std::string_view{};
  }
  /// The ISO 3166-1 English short name, e.g. "Kenya".
  std::string_view name() const noexcept;
  /// The common name where ISO gives one ("Bolivia"), else the name.
  std::string_view common_name() const noexcept;

  constexpr bool ok() const noexcept { return code_[0] != 0; }

  friend constexpr auto operator<=>(const Country&, const Country&) = default;
  friend constexpr bool operator==(const Country&, const Country&) = default;

 private:
  explicit constexpr Country(std::array<char, 3> c) : code_(c) {}
  std::array<char, 3> code_{};
};

/// Lower-cases ASCII letters and folds accented Latin letters to their base
/// letter (`Côte` -> `cote`); the key under which names are compared.
std::string fold_name(std::string_view text);

}  // namespace muster

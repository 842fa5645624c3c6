// src/hash_index.hpp — the one open-addressing hash table of the library
// (private): it maps a key to a position in the caller's own array of keys,
// so that it stores 8 bytes a slot whatever the keys are; the caller hashes
// (hash_bytes). Used for the
// contingents and the ids of a log being read, and for the contingents of an
// index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace muster::detail {

/// Some bytes mixed into `h`, for HashIndex (its slot from the low bits, its
/// tag from the high half): eight bytes a step, each mixed by one
/// multiplication, a short tail read in two overlapping loads rather than
/// byte by byte. Chains several strings (a contingent's three, hashed at
/// every point query: cheap rather than thorough).
inline std::uint64_t mix_bytes(std::string_view s, std::uint64_t h) noexcept {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * k;
  }
  auto load32 = [](const char* q) {
    std::uint32_t w;
    std::memcpy(&w, q, 4);
    return std::uint64_t{w};
  };
  std::uint64_t w = std::uint64_t{s.size()} << 56;
  if (n >= 4) w ^= load32(p) | load32(p + n - 4) << 24;
  else if (n > 0)
    w ^= std::uint64_t{static_cast<unsigned char>(p[0])} << 16 |
         std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 | static_cast<unsigned char>(p[n - 1]);
  h = (h ^ w) * k;
  return h ^ (h >> 32);
}

/// The hash of some bytes: mix_bytes, then murmur3's finalizer, so that
/// every bit depends on every byte (check_ids buckets by the top bits).
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  std::uint64_t h = mix_bytes(s, 0);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 33);
}

class HashIndex {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFF;

  /// Room for `n` positions without growing (the table stays at most half
  /// full); `hash_of(position)` gives the hash of a position already added.
  template <class HashOf>
  void reserve(std::size_t n, HashOf&& hash_of) {
    std::size_t size = 16;
    while (size < 2 * n) size *= 2;
    if (size > slots_.size()) rehash(size, hash_of);
  }

  /// The position whose key `same(position)` says is the one with hash `h`,
  /// or none.
  template <class Same>
  std::uint32_t find(std::uint64_t h, Same&& same) const {
    if (slots_.empty()) return none;
    const std::size_t mask = slots_.size() - 1;
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.position == none) return none;
      if (s.tag == tag && same(s.position)) return s.position;
    }
  }

  /// Adds `position` under hash `h` (whose key is not in the table yet);
  /// `hash_of(position)` gives the hash of a position already added, to grow.
  template <class HashOf>
  void add(std::uint64_t h, std::uint32_t position, HashOf&& hash_of) {
    if (2 * (count_ + 1) > slots_.size()) rehash(slots_.empty() ? 16 : 2 * slots_.size(), hash_of);
    place(h, position);
    ++count_;
  }

  std::size_t size() const noexcept { return count_; }

 private:
  struct Slot {
    std::uint32_t position = none;
    std::uint32_t tag = 0;  // the high half of the hash: most probes compare no key
  };
  void place(std::uint64_t h, std::uint32_t position) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i].position != none) i = (i + 1) & mask;
    slots_[i] = {position, static_cast<std::uint32_t>(h >> 32)};
  }
  template <class HashOf>
  void rehash(std::size_t size, HashOf& hash_of) {
    std::vector<Slot> old(size);
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.position != none) place(hash_of(s.position), s.position);
  }
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

}  // namespace muster::detail

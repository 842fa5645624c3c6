// src/varint.hpp — unsigned LEB128 varints, the one codec of the log's text
// arena and the track store (private to the library).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace muster::detail {

/// Writes x at `out` (at most 10 bytes) and returns the number of bytes.
inline std::size_t write_varint(std::uint8_t* out, std::uint64_t x) noexcept {
  std::size_t n = 0;
  while (x >= 0x80) {
    out[n++] = static_cast<std::uint8_t>(x | 0x80);
    x >>= 7;
  }
  out[n++] = static_cast<std::uint8_t>(x);
  return n;
}

/// Appends x to `out`.
inline void append_varint(std::string& out, std::uint64_t x) {
  std::uint8_t bytes[10];
  out.append(reinterpret_cast<const char*>(bytes), write_varint(bytes, x));
}

/// Reads a varint at p and moves p past it.
inline std::uint64_t read_varint(const std::uint8_t*& p) noexcept {
  std::uint64_t x = *p++;
  if (x < 0x80) return x;  // the common case: one byte
  x &= 0x7f;
  for (int shift = 7;; shift += 7) {
    const std::uint64_t b = *p++;
    x |= (b & 0x7f) << shift;
    if (b < 0x80) return x;
  }
}

inline std::uint64_t read_varint(const char*& p) noexcept {
  auto* u = reinterpret_cast<const std::uint8_t*>(p);
  const std::uint64_t x = read_varint(u);
  p = reinterpret_cast<const char*>(u);
  return x;
}

/// Appends a text field as the log's text arena keeps it: its length as a
/// varint, then its bytes.
inline void put_text(std::string& out, std::string_view s) {
  append_varint(out, s.size());
  out.append(s);
}

/// Reads a text field that put_text wrote at p and moves p past it.
inline std::string_view get_text(const char*& p) noexcept {
  const std::size_t n = read_varint(p);
  const std::string_view s(p, n);
  p += n;
  return s;
}

}  // namespace muster::detail

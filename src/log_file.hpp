// The reading of a log file that read_log and append_row share (src/log.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace muster::detail {

/// The whole text of the file open at `fd`, read with read(2); `name` is
/// used in errors. Throws LogRefused where it cannot be read or goes on past
/// `max_file_bytes`.
std::string read_log_text(int fd, const std::string& name, std::size_t max_file_bytes);

/// How many bytes of `text` are `c`, eight at a time (std::count widens each
/// byte's compare to a 64-bit sum, about four times slower on a log).
inline std::size_t count_byte(std::string_view text, char c) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull, lows = 0x7F7F7F7F7F7F7F7Full;
  const std::uint64_t pattern = ones * static_cast<unsigned char>(c);
  const char* p = text.data();
  std::size_t left = text.size(), n = 0;
  while (left >= 8) {
    // Up to 255 words a round: each byte of `sums` counts the matches at its place.
    std::uint64_t sums = 0;
    for (std::size_t k = 0; k < 255 && left >= 8; ++k, p += 8, left -= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const std::uint64_t x = w ^ pattern;  // a zero byte where the byte is c
      sums += (~(((x & lows) + lows) | x) >> 7) & ones;
    }
    sums = (sums & 0x00FF00FF00FF00FFull) + ((sums >> 8) & 0x00FF00FF00FF00FFull);
    n += static_cast<std::size_t>((sums * 0x0001000100010001ull) >> 48);
  }
  for (; left > 0; --left, ++p) n += *p == c;
  return n;
}

/// flock(2) of `fd` with `operation` (LOCK_SH, LOCK_EX, LOCK_UN), again
/// after EINTR; false where it failed (errno says why).
bool lock_file(int fd, int operation) noexcept;

}  // namespace muster::detail

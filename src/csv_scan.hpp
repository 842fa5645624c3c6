// src/csv_scan.hpp — how the CSV reader (src/csv.cpp) finds the special
// bytes of a text: with AVX2 where the processor has it (checked at run
// time), else eight bytes at a time in 64-bit words. Both find the same
// records; tests read every text both ways (private to the library).
#pragma once

namespace muster::detail {

/// Whether this processor has AVX2 (and the library was built with the path).
bool csv_avx2_available() noexcept;

/// Makes the reader use AVX2 (where available) or not, from now on, for
/// every reader; returns whether it did. Not thread-safe: for tests.
bool csv_use_avx2(bool on) noexcept;

}  // namespace muster::detail

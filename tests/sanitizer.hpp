// tests/sanitizer.hpp — whether this test is built with AddressSanitizer
// (GCC says so with __SANITIZE_ADDRESS__, clang with __has_feature), so that
// a test can ask less of a build where every allocation costs many times more.
//
//     constexpr unsigned logs = muster::test::address_sanitizer ? 30 : 300;
#pragma once

namespace muster::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool address_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool address_sanitizer = true;
#else
inline constexpr bool address_sanitizer = false;
#endif
#else
inline constexpr bool address_sanitizer = false;
#endif

}  // namespace muster::test

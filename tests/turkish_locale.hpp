// The C and C++ global locales set to tr_TR.UTF-8 for a scope, as a host
// program might set them (there std::tolower('I') is a dotless i and months
// have Turkish names), and restored after: for the tests that no library
// function depends on the global locale (issue 23).
#pragma once

#include <gtest/gtest.h>

#include <clocale>
#include <locale>
#include <string>

class TurkishLocale {
 public:
  TurkishLocale() : c_(std::setlocale(LC_ALL, nullptr)) {}
  ~TurkishLocale() {
    std::setlocale(LC_ALL, c_.c_str());
    std::locale::global(cpp_);
  }
  TurkishLocale(const TurkishLocale&) = delete;
  TurkishLocale& operator=(const TurkishLocale&) = delete;
  /// Sets both; a failure (the locale is not on the machine) names the fix.
  ::testing::AssertionResult set() {
    if (!std::setlocale(LC_ALL, "tr_TR.UTF-8"))
      return ::testing::AssertionFailure()
             << "the locale tr_TR.UTF-8 is not on this machine: run scripts/install-deps.sh";
    std::locale::global(std::locale("tr_TR.UTF-8"));
    return ::testing::AssertionSuccess();
  }

 private:
  std::string c_;
  std::locale cpp_;
};

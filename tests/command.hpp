// For tests: runs the built muster command (MUSTER_EXE) through the shell and
// returns its exit status and what it printed.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>

/// The bytes of a file.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Writes `text` to a file, replacing it.
inline void spit(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// `s` in single quotes for a POSIX shell, quotes inside it escaped.
inline std::string shell_quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  q += '\'';
  return q;
}

#ifdef MUSTER_EXE
struct CommandResult {
  int status = -1;
  std::string out;
};

/// `muster ARGS REDIRECT`; `redirect` is shell text such as "2>/dev/null"
/// (standard output only) or "2>&1" (both streams in `out`).
inline CommandResult run_muster(const std::string& args, const char* redirect) {
  const std::string cmd = std::string(MUSTER_EXE) + " " + args + " " + redirect;
  FILE* p = popen(cmd.c_str(), "r");
  CommandResult r;
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}
#endif  // MUSTER_EXE

// Fuzz target: the whole command, muster::cli::run(argc, argv).
//
// Input layout: the command-line arguments, one per line, up to the first
// NUL byte; the rest is the log, written to a temporary file. An argument
// `@` stands for that file's path. Standard input is /dev/null and standard
// output a scratch file, so that the target can check cli.md's promise: exit
// 0, 1 or 2, and nothing on standard output unless the exit status is 0.
// Run it with -close_fd_mask=2 to silence muster's standard error: libFuzzer
// then keeps its own output and the sanitizers' reports on a copy of it.
#include "commands.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {
std::string log_path;

void setup() {
  char name[] = "/tmp/muster-fuzz-cli-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) std::abort();
  close(fd);
  log_path = name;
  std::atexit([] { unlink(log_path.c_str()); });
  char out[] = "/tmp/muster-fuzz-out-XXXXXX";
  const int ofd = mkstemp(out);
  if (ofd < 0) std::abort();
  close(ofd);
  if (!std::freopen("/dev/null", "r", stdin)) std::abort();
  if (!std::freopen(out, "w+", stdout)) std::abort();
  unlink(out);  // stays open, vanishes at exit
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\0');
  const std::string args_text = input.substr(0, split);
  const std::string log_text = split == std::string::npos ? std::string{} : input.substr(split + 1);
  {
    std::FILE* f = std::fopen(log_path.c_str(), "wb");
    if (!f) std::abort();
    std::fwrite(log_text.data(), 1, log_text.size(), f);
    std::fclose(f);
  }
  std::vector<std::string> args{"muster"};
  std::size_t begin = 0;
  while (begin <= args_text.size() && args.size() < 64) {
    auto end = args_text.find('\n', begin);
    if (end == std::string::npos) end = args_text.size();
    std::string a = args_text.substr(begin, end - begin);
    args.push_back(a == "@" ? log_path : a);
    begin = end + 1;
  }
  if (args_text.empty()) args.pop_back();
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);

  std::fflush(stdout);
  std::rewind(stdout);
  if (ftruncate(fileno(stdout), 0) != 0) std::abort();
  const int status = muster::cli::run(static_cast<int>(args.size()), argv.data());
  std::cout.flush();
  std::fflush(stdout);
  const long written = std::ftell(stdout);
  if (status < 0 || status > 2) std::abort();
  if (status != 0 && written > 0) std::abort();  // a refusal prints no answer
  return 0;
}

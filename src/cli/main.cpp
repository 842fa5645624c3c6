// The muster command.
#include "commands.hpp"

#include <cerrno>
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

namespace {

// A standard stream that was closed (`>&-`) is held by /dev/null opened
// read-only, so that no file muster opens later (the log of an append) can
// take its number, and a write to it still fails (EBADF: "cannot write
// standard output: Bad file descriptor").
void hold_closed_standard_streams() {
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int held = ::open("/dev/null", O_RDONLY);
      if (held >= 0 && held != fd) {
        ::dup2(held, fd);
        ::close(held);
      }
    }
}

// Reading a large log allocates arrays of tens of megabytes that live for
// one phase each. glibc maps every allocation from 128 KiB (rising with
// use) on its own and unmaps it when freed, so the next phase's arrays are
// faulted in and zeroed by the kernel again: a fifth of the time of a
// 10^6-row `strength`. Kept in the heap instead (up to glibc's largest
// threshold, 32 MiB) and not given back while the command runs, freed
// memory is used again (bench/README.md).
void keep_freed_memory() {
#if defined(__GLIBC__)
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  hold_closed_standard_streams();
  keep_freed_memory();
  return muster::cli::run(argc, argv);
}

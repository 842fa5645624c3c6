// The muster command.
#include "commands.hpp"

#include <muster/log.hpp>

#include <cerrno>
#include <fcntl.h>
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

}  // namespace

int main(int argc, char** argv) {
  hold_closed_standard_streams();
  muster::keep_freed_memory();  // muster/log.hpp
  muster::read_by_mapping();    // muster/log.hpp: SIGBUS's handler while a log is mapped
  return muster::cli::run(argc, argv);
}

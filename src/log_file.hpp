// The reading of a log file that read_log and append_row share (src/read_log.cpp).
#pragma once

#include "muster/log.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace muster::detail {

/// A file descriptor and whether it is this object's to close: one that
/// open(2) returned is closed with the object (which also drops its flock);
/// standard input, read for `-`, is used and left open. Whether a file is
/// standard input is said by how it was made, never by its number: where
/// standard input was closed, open(2) returns 0 for a file like any other.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  /// Owns `fd` (-1, as open(2) returns on failure, holds none).
  static FileDescriptor owning(int fd) noexcept { return FileDescriptor(fd, true); }
  /// Standard input, used and never closed.
  static FileDescriptor standard_input() noexcept { return FileDescriptor(STDIN_FILENO, false); }
  FileDescriptor(FileDescriptor&& o) noexcept
      : fd_(std::exchange(o.fd_, -1)), owned_(std::exchange(o.owned_, false)) {}
  FileDescriptor& operator=(FileDescriptor o) noexcept {
    std::swap(fd_, o.fd_);
    std::swap(owned_, o.owned_);
    return *this;
  }
  ~FileDescriptor() { close(); }

  /// The descriptor, or -1.
  int get() const noexcept { return fd_; }
  /// Whether it holds a descriptor.
  explicit operator bool() const noexcept { return fd_ >= 0; }
  /// Whether it is standard input (held, not owned).
  bool is_standard_input() const noexcept { return fd_ >= 0 && !owned_; }
  /// Closes the descriptor if owned; either way, holds none after.
  void close() noexcept {
    if (owned_ && fd_ >= 0) ::close(fd_);
    fd_ = -1;
    owned_ = false;
  }

 private:
  FileDescriptor(int fd, bool owned) noexcept : fd_(fd), owned_(owned && fd >= 0) {}
  int fd_ = -1;
  bool owned_ = false;
};

/// The messages of the reader's limits (docs/limits.md), which `import`
/// gives too: a column name longer than max_column_name_bytes, the error
/// past max_errors_kept, a file that goes on past `max_file_bytes`.
std::string column_name_too_long(std::string_view name);
std::string too_many_errors();
std::string too_long(std::size_t max_file_bytes);

/// The whole text of the file open at `fd`, read with read(2); `name` is
/// used in errors. Throws LogRefused where it cannot be read or goes on past
/// `max_file_bytes`.
std::string read_log_text(int fd, const std::string& name, std::size_t max_file_bytes);

class BigBuffer;
/// A regular file's whole text read into `buffer` (src/big_buffer.hpp), in
/// one read of its size, and true; false, with the file at its start again,
/// where it is not a regular file or grew while read (read_log_text reads
/// those). Throws as read_log_text.
bool read_file_buffer(int fd, const std::string& name, std::size_t max_file_bytes,
                      BigBuffer& buffer);

/// The log in `fd`, a regular file of `size` bytes, read through a private
/// mapping of the file (no copy of the text, no page zeroed for it), or
/// nullopt where it cannot be mapped. `before_reading`, where given, runs
/// once the file is mapped (a test cuts the file short there). A file cut
/// short while mapped is refused ("changed while it was read"), never a
/// SIGBUS: while it reads, SIGBUS's handler is muster's, in front of the
/// process's own (BusHandler and MappedFile in src/read_log.cpp). read_log calls
/// it only where the program asked (muster::read_by_mapping).
std::optional<Log> read_mapped_log(int fd, const std::string& name, std::size_t size,
                                   std::size_t split_from,
                                   const std::function<void()>& before_reading = {});

/// How many bytes of `text` are `a` and how many are `b`, in one pass:
/// sixteen bytes at a time with SSE2 where the compiler has it (every x86-64;
/// std::count widens each byte's compare to a 64-bit sum, about five times
/// slower on a log), else byte by byte.
inline std::pair<std::size_t, std::size_t> count_bytes(std::string_view text, char a,
                                                       char b) noexcept {
  const char* p = text.data();
  std::size_t left = text.size(), na = 0, nb = 0;
#if defined(__SSE2__)
  const __m128i pa = _mm_set1_epi8(a), pb = _mm_set1_epi8(b), zero = _mm_setzero_si128();
  while (left >= 16) {
    // Up to 255 blocks a round: each byte of `sa` and `sb` counts the matches at its place.
    __m128i sa = zero, sb = zero;
    for (std::size_t k = 0; k < 255 && left >= 16; ++k, p += 16, left -= 16) {
      const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      sa = _mm_sub_epi8(sa, _mm_cmpeq_epi8(w, pa));
      sb = _mm_sub_epi8(sb, _mm_cmpeq_epi8(w, pb));
    }
    const __m128i ta = _mm_sad_epu8(sa, zero), tb = _mm_sad_epu8(sb, zero);
    na += static_cast<std::size_t>(_mm_cvtsi128_si32(ta) + _mm_extract_epi16(ta, 4));
    nb += static_cast<std::size_t>(_mm_cvtsi128_si32(tb) + _mm_extract_epi16(tb, 4));
  }
#endif
  for (; left > 0; --left, ++p) {
    na += *p == a;
    nb += *p == b;
  }
  return {na, nb};
}

/// How many bytes of `text` are `c` (count_bytes).
inline std::size_t count_byte(std::string_view text, char c) noexcept {
  return count_bytes(text, c, c).first;
}

/// The append journal of the log at `log_path` (docs/durability.md): the
/// file `LOG.muster-append` beside it. It is both the writers' intent lock
/// (an append holds it exclusively from before it asks for the log's lock
/// until it is done; a reader passes through it shared before taking its
/// shared lock on the log, so that it waits behind a waiting append) and the
/// rollback record: while an append writes, it holds the log's length before
/// the append. Empty (or not a valid record) when no append is unfinished.
std::string journal_path(const std::string& log_path);

/// The record an append writes to the journal before it writes its row:
/// the length of the log open at `log_fd` before the append, with the log's
/// device and inode and a checksum, so that a torn or stale record is known.
std::string journal_record(std::size_t length, int log_fd);

/// The length a valid journal (open at `journal_fd`) records for the log
/// open at `log_fd`: an append to that log was cut short, and the log is to
/// be read only up to that length (and cut back to it by the next append).
/// nullopt where the journal is empty, torn, garbage, or for another file.
std::optional<std::size_t> journal_length(int journal_fd, int log_fd);

/// flock(2) of `fd` with `operation` (LOCK_SH, LOCK_EX, LOCK_UN), again
/// after EINTR; false where it failed (errno says why).
bool lock_file(int fd, int operation) noexcept;

}  // namespace muster::detail

// The reading of a log file that read_log and append_row share (src/log.cpp).
#pragma once

#include <cstddef>
#include <string>

namespace muster::detail {

/// The whole text of the file open at `fd`, read with read(2); `name` is
/// used in errors. Throws LogRefused where it cannot be read or goes on past
/// `max_file_bytes`.
std::string read_log_text(int fd, const std::string& name, std::size_t max_file_bytes);

/// flock(2) of `fd` with `operation` (LOCK_SH, LOCK_EX, LOCK_UN), again
/// after EINTR; false where it failed (errno says why).
bool lock_file(int fd, int operation) noexcept;

}  // namespace muster::detail

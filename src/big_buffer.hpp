// Memory for the large arrays of reading a log (private to the library).
//
// A 10^6-row log spends about a fifth of its reading in the kernel, faulting
// in 4 KiB pages one at a time and zeroing them: the file's text, the rows,
// their text, the tracks. Two things cut that:
// - `BigBuffer`, where the file's text is read: pages that the kernel maps
//   as read(2) fills them, never zeroed by muster first (a std::string of the
//   file's size is zeroed by resize, then overwritten);
// - `prefer_huge_pages`, asked of every large array once reserved: where
//   the kernel offers transparent huge pages on request (the `madvise`
//   setting, Debian's default), one fault maps 2 MiB instead of 4 KiB.
// Both change only how memory is mapped, never what it holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <sys/mman.h>
#include <utility>

namespace muster::detail {

/// The size from which an array is worth asking huge pages for.
inline constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;

/// Asks the kernel to back the whole 2 MiB pages inside [p, p + bytes) with
/// huge pages; nothing where the range holds none, or the kernel says no.
inline void prefer_huge_pages(const void* p, std::size_t bytes) noexcept {
#if defined(MADV_HUGEPAGE)
  if (bytes < 2 * huge_page_bytes) return;
  const auto from = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (from + huge_page_bytes - 1) & ~(huge_page_bytes - 1);
  const std::uintptr_t last = (from + bytes) & ~(huge_page_bytes - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

/// `v.reserve(n)`, with huge pages asked for (prefer_huge_pages).
template <class Vector>
void reserve_huge(Vector& v, std::size_t n) {
  v.reserve(n);
  prefer_huge_pages(v.data(), v.capacity() * sizeof(*v.data()));
}

/// Bytes of an anonymous mapping, huge pages preferred, not zeroed by
/// muster (the kernel hands out pages that hold zeros, filled as they are
/// first written). Throws std::bad_alloc where the mapping fails.
class BigBuffer {
 public:
  BigBuffer() = default;
  explicit BigBuffer(std::size_t capacity) : capacity_(capacity) {
    if (capacity_ == 0) return;
    void* p = ::mmap(nullptr, capacity_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<char*>(p);
    prefer_huge_pages(data_, capacity_);
  }
  BigBuffer(BigBuffer&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)),
        capacity_(std::exchange(o.capacity_, 0)) {}
  BigBuffer& operator=(BigBuffer o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    return *this;
  }
  ~BigBuffer() { release(); }

  char* data() noexcept { return data_; }
  const char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  /// The first `n` bytes (at most the capacity) are the contents.
  void set_size(std::size_t n) noexcept { size_ = n < capacity_ ? n : capacity_; }
  /// Unmaps the memory: the buffer is empty.
  void release() noexcept {
    if (data_) ::munmap(data_, capacity_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace muster::detail

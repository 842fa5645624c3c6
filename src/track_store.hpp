// src/track_store.hpp — many step functions of the day, compactly (private to the library).
//
// A `TrackStore` holds "tracks": each a list of changes, where from the end of
// a change's day on the track's value is that change's value, until its next
// change. It answers the value at the end of a day and the personnel-days over
// a range of days, in O(log n) plus one small block, while holding a change in
// a few bytes instead of the ~84 that a day, a Value and 128-bit prefix sums
// per change would take.
//
//     muster::detail::TrackStore s;
//     s.add(day, muster::Value::exactly(400)); s.add(day + date::days{1}, muster::Value::exactly(617));
//     std::size_t kenya = s.end_track();
//     muster::Value v = s.value_at(kenya, day + date::days{5});   // 617
//
// The encoding. A track's changes are cut into blocks of `block_size`. Each
// block has its start day in `block_day_` (a contiguous array, so the binary
// search of a query touches few cache lines) and the byte offset of its
// changes in `bytes_`. Every change is written as varints (LEB128):
//
//   key = day gap << 2 | form        (the first change of a block has gap 0:
//                                     its day is the block's start day)
//   then, by form, zig-zag deltas from the previous change's value (from
//   {0,0,0} for the first change of a block, so that a block decodes alone):
//     same      estimate, low and high all moved by d, high bounded before
//               and after:                      d
//     exact     estimate == low == high:        d(estimate)
//     bounded   any other bounded high:         d(estimate) d(low) d(high),
//               d(high) from the previous high, or from the new estimate
//               when the previous high was unbounded
//     unbounded high is Value::unbounded:       d(estimate) d(low)
//
// Deltas are taken modulo 2^64, so every int64 value, negative ones too,
// round-trips exactly. On realistic data (values under 10^5, often exact,
// day gaps under 1,000) a change takes about 3.5 bytes here, about 6 with
// the block headers and the checkpoints below (tests/track_store_test.cpp
// prints the figure).
//
// Personnel-days: every `checkpoint_every`-th block of the whole store (by
// global block number, so that no per-track index is needed) carries the exact
// 128-bit sums of estimate, low and bounded high, and the count of unbounded
// days, over the track's days before the block's start day. A sum up to a day
// starts from the nearest checkpoint of the same track (or from zero at the
// track's first block) and decodes at most `checkpoint_every` blocks.
#pragma once

#include "muster/day.hpp"
#include "muster/value.hpp"
#include "varint.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace muster::detail {

/// Many step functions of the day ("tracks"), each a list of changes: from the end
/// of `day` on, the track's value is `value`, until its next change. Before its
/// first change a track is {0,0,0}. Built once, track after track, then only read;
/// const members are safe from many threads at once.
///
/// Limits: a track holds at most 2^32 - 1 changes, the store 2^32 - 1 blocks and
/// 4 GiB of encoded changes; `add` throws std::length_error beyond them.
class TrackStore {
 public:
  /// Changes per block: a query decodes at most this many changes sequentially.
  /// 4 rather than 8 or 16: a byte more a change each time, but decoding varints
  /// of unpredictable length costs value_at about 5 ns a change (a point query
  /// on 10^6 rows: 71 ns with 4, 76 with 8; 38 against 36 bytes a row).
  static constexpr std::size_t block_size = 4;
  /// Every this many blocks (of the whole store) carry personnel-day sums:
  /// every 32 changes.
  static constexpr std::size_t checkpoint_every = 8;

  /// Appends a change to the track being built. Days must strictly increase
  /// within a track (assert in debug, undefined otherwise).
  void add(Day day, const Value& v);
  /// Closes the track being built (it may have no changes) and returns its number
  /// (0, 1, 2, ... in order).
  std::size_t end_track();
  /// Releases the slack of the builders' vectors.
  void shrink_to_fit();

  /// The number of closed tracks.
  std::size_t tracks() const noexcept { return changes_.size(); }
  /// The number of changes of a closed track.
  std::size_t changes(std::size_t track) const noexcept { return changes_[track]; }
  /// The value at the end of day d: that of the last change on or before d; {} if none.
  Value value_at(std::size_t track, Day d) const;
  /// Personnel-days from `from` to `to`, both inclusive: the sum over each of those
  /// days of value_at(track, day), for estimate, low and high separately; high is
  /// Value::unbounded where any of those days has an unbounded high. {} when to < from.
  /// Exact: computed in 128 bits, throws std::overflow_error("personnel-days overflow:
  /// the sum does not fit in 64 bits") when a result does not fit in int64.
  Value area(std::size_t track, Day from, Day to) const;
  /// Calls f(Day, const Value&) for each change of the track, in day order.
  template <class F>
  void for_each(std::size_t track, F&& f) const;
  /// Bytes held (capacity of every vector), for benchmarks.
  std::size_t bytes() const noexcept;

 private:
  __extension__ typedef __int128 Wide;

  // How a change's value is written after its key (see the top of the file).
  enum Form : unsigned { same = 0, exact = 1, bounded = 2, unbounded = 3 };

  // Personnel-days over some days: estimate, low, the bounded highs, and the
  // number of days whose high is unbounded.
  struct Sums {
    Wide estimate = 0, low = 0, high = 0;
    std::int64_t unbounded_days = 0;
    void add(const Value& v, std::int64_t days) noexcept;
  };
  // Sums as stored: 56 bytes rather than the 64 an aligned __int128 struct takes.
  using PackedSums = std::array<std::uint64_t, 7>;
  static PackedSums pack(const Sums& s) noexcept;
  static Sums unpack(const PackedSums& p) noexcept;

  // Decodes the changes of one block in order.
  class BlockReader {
   public:
    BlockReader(const std::uint8_t* p, std::int64_t start) noexcept : p_(p), day_(start) {}
    // Reads the key of the next change; returns its day.
    std::int64_t next_day() noexcept;
    // Reads the value of the change whose key was just read.
    void read_value() noexcept;
    std::int64_t day() const noexcept { return day_; }
    const Value& value() const noexcept { return value_; }
    void set_day(std::int64_t d) noexcept { day_ = d; }

   private:
    const std::uint8_t* p_;
    std::int64_t day_;
    Value value_{};
    unsigned form_ = same;
  };

  static std::uint64_t zigzag(std::uint64_t delta) noexcept;
  static std::uint64_t unzigzag(std::uint64_t z) noexcept;
  // One change as written, before it joins bytes_: a key and three deltas.
  struct Encoded {
    std::array<std::uint8_t, 40> bytes{};
    std::size_t size = 0;
    void varint(std::uint64_t x) noexcept;
    void delta(Count from, Count to) noexcept {
      varint(zigzag(static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from)));
    }
  };
  static Day to_day(std::int64_t d) noexcept { return Day::from_days_since_epoch(static_cast<std::int32_t>(d)); }
  static std::int64_t serial(Day d) noexcept { return d.days_since_epoch(); }

  // The changes of block b, the track's `first`-th to `last`-th blocks.
  std::size_t block_changes(std::size_t track, std::size_t b) const noexcept {
    return b + 1 < first_block_[track + 1] ? block_size
                                            : changes_[track] - block_size * (b - first_block_[track]);
  }
  BlockReader reader(std::size_t b) const noexcept {
    return {bytes_.data() + block_offset_[b], block_day_[b]};
  }
  static constexpr std::size_t no_block = std::numeric_limits<std::size_t>::max();
  // The track's last block that starts before day d, or no_block.
  std::size_t last_block_before(std::size_t track, std::int64_t d) const noexcept;
  // Personnel-days of the track over every day before day d.
  Sums sums_before(std::size_t track, std::int64_t d) const;

  // The store.
  std::vector<std::uint32_t> first_block_{0};  // tracks() + 1 entries
  std::vector<std::uint32_t> changes_;         // per track
  std::vector<std::int32_t> block_day_;        // per block: the day of its first change
  // The day of every super_every-th block (by global block number): a long
  // track's search runs first over these few, mostly cached days, then over
  // one cache line of block_day_, instead of a chain of dependent misses.
  static constexpr std::size_t super_every = 16;
  std::vector<std::int32_t> super_day_;
  std::vector<std::uint32_t> block_offset_;    // per block: where its changes start in bytes_
  std::vector<PackedSums> checkpoints_;        // per checkpoint_every blocks
  std::vector<std::uint8_t> bytes_;            // the encoded changes

  // The track being built.
  std::size_t building_changes_ = 0;
  std::int64_t last_day_ = 0;
  Value last_value_{};   // the last change's value
  Value block_value_{};  // the value the next change is written against
  Sums running_{};       // personnel-days before last_day_
};

// ---------------------------------------------------------------------------
// Definitions.

inline void TrackStore::Sums::add(const Value& v, std::int64_t days) noexcept {
  // |value| < 2^63 and days < 2^33: every product and sum stays far below 2^127.
  estimate += static_cast<Wide>(v.estimate) * days;
  low += static_cast<Wide>(v.low) * days;
  if (v.bounded()) high += static_cast<Wide>(v.high) * days;
  else unbounded_days += days;
}

inline TrackStore::PackedSums TrackStore::pack(const Sums& s) noexcept {
  __extension__ typedef unsigned __int128 U;
  auto lo = [](Wide w) { return static_cast<std::uint64_t>(static_cast<U>(w)); };
  auto hi = [](Wide w) { return static_cast<std::uint64_t>(static_cast<U>(w) >> 64); };
  return {lo(s.estimate), hi(s.estimate), lo(s.low), hi(s.low), lo(s.high), hi(s.high),
          static_cast<std::uint64_t>(s.unbounded_days)};
}

inline TrackStore::Sums TrackStore::unpack(const PackedSums& p) noexcept {
  __extension__ typedef unsigned __int128 U;
  auto wide = [](std::uint64_t lo, std::uint64_t hi) {
    return static_cast<Wide>(static_cast<U>(hi) << 64 | lo);
  };
  return {wide(p[0], p[1]), wide(p[2], p[3]), wide(p[4], p[5]), static_cast<std::int64_t>(p[6])};
}

inline std::uint64_t TrackStore::zigzag(std::uint64_t delta) noexcept {
  // Small deltas of either sign become small unsigned numbers: 0, -1, 1, -2 -> 0, 1, 2, 3.
  return (delta << 1) ^ static_cast<std::uint64_t>(static_cast<std::int64_t>(delta) >> 63);
}

inline std::uint64_t TrackStore::unzigzag(std::uint64_t z) noexcept {
  return (z >> 1) ^ (0 - (z & 1));
}

inline void TrackStore::Encoded::varint(std::uint64_t x) noexcept {
  size += write_varint(bytes.data() + size, x);
}

inline std::int64_t TrackStore::BlockReader::next_day() noexcept {
  const std::uint64_t key = read_varint(p_);
  form_ = static_cast<unsigned>(key & 3);
  return day_ + static_cast<std::int64_t>(key >> 2);
}

inline void TrackStore::BlockReader::read_value() noexcept {
  // Modulo 2^64, as written; the conversions back to int64 are exact (C++20).
  auto step = [&](Count c) {
    return static_cast<Count>(static_cast<std::uint64_t>(c) + unzigzag(read_varint(p_)));
  };
  Value& v = value_;
  switch (form_) {
    case same: {
      const std::uint64_t d = unzigzag(read_varint(p_));
      v.estimate = static_cast<Count>(static_cast<std::uint64_t>(v.estimate) + d);
      v.low = static_cast<Count>(static_cast<std::uint64_t>(v.low) + d);
      v.high = static_cast<Count>(static_cast<std::uint64_t>(v.high) + d);
      break;
    }
    case exact:
      v.estimate = step(v.estimate);
      v.low = v.high = v.estimate;
      break;
    case bounded: {
      // The high's delta is from the previous high, or from the new estimate
      // when the previous high was unbounded (a delta from INT64_MAX is long).
      const Count base = v.high;
      const bool was_bounded = v.bounded();
      v.estimate = step(v.estimate);
      v.low = step(v.low);
      v.high = step(was_bounded ? base : v.estimate);
      break;
    }
    default:
      v.estimate = step(v.estimate);
      v.low = step(v.low);
      v.high = Value::unbounded;
      break;
  }
}

inline void TrackStore::add(Day day, const Value& v) {
  const std::int64_t d = serial(day);
  assert(building_changes_ == 0 || d > last_day_);
  if (building_changes_ == std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("track store: a track holds at most 2^32 - 1 changes");
  if (building_changes_ > 0) running_.add(last_value_, d - last_day_);
  std::uint64_t gap = 0;
  if (building_changes_ % block_size == 0) {
    // A new block: its first change is written against {0,0,0} so that the
    // block decodes on its own.
    const std::size_t b = block_day_.size();
    if (b >= std::numeric_limits<std::uint32_t>::max() ||
        bytes_.size() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("track store: more than 2^32 - 1 blocks or 4 GiB of changes");
    if (b % checkpoint_every == 0) checkpoints_.push_back(pack(running_));
    if (b % super_every == 0) super_day_.push_back(static_cast<std::int32_t>(d));
    block_day_.push_back(static_cast<std::int32_t>(d));
    block_offset_.push_back(static_cast<std::uint32_t>(bytes_.size()));
    block_value_ = {};
  } else {
    gap = static_cast<std::uint64_t>(d - last_day_);
  }
  const Value& p = block_value_;
  Encoded e;
  const auto u = [](Count c) { return static_cast<std::uint64_t>(c); };
  if (p.bounded() && v.bounded() && u(v.estimate) - u(p.estimate) == u(v.low) - u(p.low) &&
      u(v.estimate) - u(p.estimate) == u(v.high) - u(p.high)) {
    e.varint(gap << 2 | same);
    e.delta(p.estimate, v.estimate);
  } else if (v.bounded() && v.estimate == v.low && v.low == v.high) {
    e.varint(gap << 2 | exact);
    e.delta(p.estimate, v.estimate);
  } else if (v.bounded()) {
    e.varint(gap << 2 | bounded);
    e.delta(p.estimate, v.estimate);
    e.delta(p.low, v.low);
    e.delta(p.bounded() ? p.high : v.estimate, v.high);
  } else {
    e.varint(gap << 2 | unbounded);
    e.delta(p.estimate, v.estimate);
    e.delta(p.low, v.low);
  }
  bytes_.insert(bytes_.end(), e.bytes.begin(), e.bytes.begin() + static_cast<std::ptrdiff_t>(e.size));
  block_value_ = v;
  last_value_ = v;
  last_day_ = d;
  ++building_changes_;
}

inline std::size_t TrackStore::end_track() {
  first_block_.push_back(static_cast<std::uint32_t>(block_day_.size()));
  changes_.push_back(static_cast<std::uint32_t>(building_changes_));
  building_changes_ = 0;
  last_day_ = 0;
  last_value_ = block_value_ = {};
  running_ = {};
  return changes_.size() - 1;
}

inline void TrackStore::shrink_to_fit() {
  first_block_.shrink_to_fit();
  changes_.shrink_to_fit();
  block_day_.shrink_to_fit();
  super_day_.shrink_to_fit();
  block_offset_.shrink_to_fit();
  checkpoints_.shrink_to_fit();
  bytes_.shrink_to_fit();
}

inline std::size_t TrackStore::bytes() const noexcept {
  return first_block_.capacity() * sizeof(std::uint32_t) + changes_.capacity() * sizeof(std::uint32_t) +
         block_day_.capacity() * sizeof(std::int32_t) + block_offset_.capacity() * sizeof(std::uint32_t) +
         super_day_.capacity() * sizeof(std::int32_t) +
         checkpoints_.capacity() * sizeof(PackedSums) + bytes_.capacity();
}

inline std::size_t TrackStore::last_block_before(std::size_t track, std::int64_t d) const noexcept {
  const std::size_t first = first_block_[track], end = first_block_[track + 1];
  if (first == end || block_day_[first] >= d) return no_block;
  // Every block starts before a day past the 32-bit range; else d fits.
  if (d > std::numeric_limits<std::int32_t>::max()) return end - 1;
  // The last of n days from base that is below d, given that base[0] is.
  // Branch-free halving down to 32 days, then a count of the days below d:
  // a loop the compiler vectorizes and whose loads do not wait on each
  // other, where each step of a binary search waits for the last one's.
  const auto below = static_cast<std::int32_t>(d);
  auto last_below = [below](const std::int32_t* base, std::size_t n) {
    while (n > 32) {
      const std::size_t half = n / 2;
      base = base[half] < below ? base + half : base;
      n -= half;
    }
    std::size_t count = 0;
    for (std::size_t i = 1; i < n; ++i) count += base[i] < below ? 1 : 0;
    return base + count;
  };
  std::size_t lo = first, hi = end;  // the answer is in [lo, hi); block_day_[lo] < d
  const std::size_t j0 = (first + super_every - 1) / super_every;  // super days within the track
  const std::size_t j1 = (end - 1) / super_every + 1;
  if (j1 > j0 + 1) {
    if (super_day_[j0] >= d) {
      hi = j0 * super_every;
    } else {
      const std::size_t j = static_cast<std::size_t>(last_below(super_day_.data() + j0, j1 - j0) -
                                                     super_day_.data());
      lo = j * super_every;
      hi = std::min(end, lo + super_every);
    }
  }
  return static_cast<std::size_t>(last_below(block_day_.data() + lo, hi - lo) - block_day_.data());
}

inline Value TrackStore::value_at(std::size_t track, Day d) const {
  assert(track < tracks());
  const std::int64_t day = serial(d);
  const std::size_t b = last_block_before(track, day + 1);
  if (b == no_block) return {};
  BlockReader r = reader(b);
  r.next_day();  // the block's first change: on or before d
  r.read_value();
  for (std::size_t i = 1, n = block_changes(track, b); i < n; ++i) {
    const std::int64_t next = r.next_day();
    if (next > day) break;
    r.set_day(next);
    r.read_value();
  }
  return r.value();
}

inline TrackStore::Sums TrackStore::sums_before(std::size_t track, std::int64_t d) const {
  const std::size_t first = first_block_[track];
  const std::size_t last = last_block_before(track, d);
  if (last == no_block) return {};
  // The nearest checkpoint at or before it; the track's first block needs none.
  const std::size_t from = std::max(first, last - last % checkpoint_every);
  Sums s = from % checkpoint_every == 0 ? unpack(checkpoints_[from / checkpoint_every]) : Sums{};
  std::int64_t day = block_day_[from];
  Value v{};
  for (std::size_t b = from; b <= last; ++b) {
    BlockReader r = reader(b);
    for (std::size_t i = 0, n = block_changes(track, b); i < n; ++i) {
      const std::int64_t next = r.next_day();
      if (next >= d) {
        s.add(v, d - day);
        return s;
      }
      s.add(v, next - day);  // {} before the first change: adds nothing
      r.set_day(next);
      r.read_value();
      day = next;
      v = r.value();
    }
  }
  s.add(v, d - day);
  return s;
}

inline Value TrackStore::area(std::size_t track, Day from, Day to) const {
  assert(track < tracks());
  if (to < from) return {};
  // Days as int64, so that to + 1 does not overflow at the last int32 day.
  const Sums hi = sums_before(track, serial(to) + 1), lo = sums_before(track, serial(from));
  auto narrow = [](Wide w) {
    if (w > std::numeric_limits<Count>::max() || w < std::numeric_limits<Count>::min())
      throw std::overflow_error("personnel-days overflow: the sum does not fit in 64 bits");
    return static_cast<Count>(w);
  };
  return {narrow(hi.estimate - lo.estimate), narrow(hi.low - lo.low),
          hi.unbounded_days != lo.unbounded_days ? Value::unbounded : narrow(hi.high - lo.high)};
}

template <class F>
void TrackStore::for_each(std::size_t track, F&& f) const {
  assert(track < tracks());
  for (std::size_t b = first_block_[track]; b < first_block_[track + 1]; ++b) {
    BlockReader r = reader(b);
    for (std::size_t i = 0, n = block_changes(track, b); i < n; ++i) {
      r.set_day(r.next_day());
      r.read_value();
      f(to_day(r.day()), r.value());
    }
  }
}

}  // namespace muster::detail

#include "markup.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace muster::detail {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// The code point of the UTF-8 sequence at s[i] and its length; a byte that
// starts no valid sequence is taken alone (as U+FFFD).
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return {0xFFFD, 1};
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    const auto t = static_cast<unsigned char>(s[i + k]);
    if ((t >> 6) != 2) return {0xFFFD, 1};
    c = (c << 6) | (t & 0x3F);
  }
  return {c, n};
}

bool hidden_control(char32_t c) {
  if (c == '\t' || c == '\n') return false;
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return true;
  if (c >= 0x202A && c <= 0x202E) return true;  // embeddings and overrides
  if (c >= 0x2066 && c <= 0x2069) return true;  // isolates
  return c == 0x061C || c == 0xFFFE || c == 0xFFFF;
}

bool own_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == ':'))
      return false;
  return true;
}

}  // namespace

std::string visible_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [c, n] = decode(text, i);
    if (c == 0xFFFD && n == 1 && static_cast<unsigned char>(text[i]) >= 0x80) out += replacement;
    else if (hidden_control(c)) out += replacement;
    else out.append(text, i, n);
    i += n;
  }
  return out;
}

void append_escaped(std::string& out, std::string_view text) {
  for (char c : visible_text(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

std::string coordinate(double v) {
  const double r = std::round(v * 10) / 10;
  if (r == std::floor(r)) return fmt::format("{}", static_cast<long long>(r));
  return fmt::format("{:.1f}", r);
}

void SvgWriter::start(std::string_view name, Attributes attributes) {
  if (!own_name(name)) throw std::logic_error("SvgWriter: not an element name");
  out_ += '<';
  out_ += name;
  for (const auto& [key, value] : attributes) {
    if (!own_name(key)) throw std::logic_error("SvgWriter: not an attribute name");
    out_ += ' ';
    out_ += key;
    out_ += "=\"";
    append_escaped(out_, value);
    out_ += '"';
  }
}

void SvgWriter::open(std::string_view name, Attributes attributes) {
  start(name, attributes);
  out_ += ">";
  open_.emplace_back(name);
}

void SvgWriter::empty(std::string_view name, Attributes attributes) {
  start(name, attributes);
  out_ += "/>";
}

void SvgWriter::element(std::string_view name, Attributes attributes, std::string_view text) {
  start(name, attributes);
  out_ += '>';
  append_escaped(out_, text);
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void SvgWriter::close() {
  if (open_.empty()) throw std::logic_error("SvgWriter: nothing to close");
  out_ += "</";
  out_ += open_.back();
  out_ += ">\n";
  open_.pop_back();
}

std::string SvgWriter::finish() {
  if (!open_.empty()) throw std::logic_error("SvgWriter: an element is still open");
  return std::move(out_);
}

}  // namespace muster::detail

// Text from a log made safe for markup, and the one small SVG writer
// (src/chart.cpp, src/report.cpp). Private to the library.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace muster::detail {

/// `text` with every character that could change how the text around it is
/// shown replaced by U+FFFD: control characters other than tab and line
/// feed (XML cannot hold most of them), and the bidirectional embedding,
/// override and isolate controls (U+202A-U+202E, U+2066-U+2069, U+061C),
/// which would reorder the page's text around a log's field.
std::string visible_text(std::string_view text);

/// visible_text(text) with & < > " ' escaped: safe as element text and as
/// a quoted attribute value, in HTML and in SVG (XML).
std::string escaped(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

/// A number for a coordinate: at most one decimal, no trailing ".0".
std::string coordinate(double v);

/// Writes SVG (XML) and escapes everything it is given: element names and
/// attribute names must be our own constants (checked: letters, digits, '-'
/// and ':'), values and text are always escaped.
class SvgWriter {
 public:
  using Attributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  /// `<name a="v" ...>`, closed by close().
  void open(std::string_view name, Attributes attributes);
  /// `<name a="v" .../>`.
  void empty(std::string_view name, Attributes attributes);
  /// `<name a="v" ...>text</name>`.
  void element(std::string_view name, Attributes attributes, std::string_view text);
  /// Closes the innermost open element.
  void close();
  /// The document, every element closed. Throws std::logic_error where some are still open.
  std::string finish();

 private:
  void start(std::string_view name, Attributes attributes);
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace muster::detail

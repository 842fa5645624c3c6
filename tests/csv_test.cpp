// Tests for muster/csv.hpp: RFC 4180 reading as spec section 1 describes it,
// with the physical line where each record or error starts.
#include <muster/csv.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using muster::CsvReader;

struct Rec {
  CsvReader::Result result;
  std::size_t line;
  std::vector<std::string> fields;
};

// Every record (at most `most`) that `csv` reads, with its result and line.
std::vector<Rec> records_of(CsvReader& csv, std::size_t most) {
  std::vector<Rec> out;
  for (auto r = csv.next(); r != CsvReader::done && out.size() < most; r = csv.next()) {
    Rec rec{r, csv.line(), {}};
    if (r == CsvReader::record)
      for (auto f : csv.fields()) rec.fields.emplace_back(f);
    out.push_back(std::move(rec));
  }
  return out;
}

std::vector<Rec> read_all(std::string text) {
  CsvReader csv{std::move(text)};
  return records_of(csv, 101);
}

using F = std::vector<std::string>;

std::string fmt_field(std::size_t n) { return "field " + std::to_string(n); }

TEST(Csv, PlainFields) {
  auto r = read_all("a,b,c\n1,,3\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (F{"a", "b", "c"}));
  EXPECT_EQ(r[1].fields, (F{"1", "", "3"}));
  EXPECT_EQ(r[1].line, 2u);
}

TEST(Csv, QuotedFieldsWithCommasQuotesAndLineEnds) {
  auto r = read_all("\"a,b\",\"say \"\"hi\"\"\",\"x\ny\"\nnext,\"\",z\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (F{"a,b", "say \"hi\"", "x\ny"}));
  EXPECT_EQ(r[0].line, 1u);
  EXPECT_EQ(r[1].fields, (F{"next", "", "z"}));
  EXPECT_EQ(r[1].line, 3u);  // the record after a two-line record starts on line 3
}

TEST(Csv, CrlfLineEndsAndCrlfInsideQuotes) {
  auto r = read_all("a,b\r\n\"1\r\n2\",3\r\nc,d");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].fields, (F{"a", "b"}));
  EXPECT_EQ(r[1].fields, (F{"1\r\n2", "3"}));
  EXPECT_EQ(r[2].fields, (F{"c", "d"}));
  EXPECT_EQ(r[2].line, 4u);
}

TEST(Csv, BlankLinesSkippedAndCounted) {
  auto r = read_all("\n\na\n\r\n\nb\n\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].line, 3u);
  EXPECT_EQ(r[1].line, 6u);
}

TEST(Csv, ByteOrderMarkSkippedOnlyAtTheStart) {
  auto r = read_all("\xEF\xBB\xBF" "a,b\n\xEF\xBB\xBF" "c,d\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].fields, (F{"a", "b"}));
  EXPECT_EQ(r[1].fields[0], "\xEF\xBB\xBF" "c");
}

TEST(Csv, FinalLineEndOptional) {
  auto r = read_all("a,b\nc,d");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].fields, (F{"c", "d"}));
  auto e = read_all("a,");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].fields, (F{"a", ""}));
}

TEST(Csv, ErrorsNameTheLineAndReadingGoesOn) {
  auto r = read_all("a,b\nx\"y,z\nc,d\n\"q\"r,s\ne,f\n");
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[1].result, CsvReader::bad);
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[2].fields, (F{"c", "d"}));
  EXPECT_EQ(r[2].line, 3u);
  EXPECT_EQ(r[3].result, CsvReader::bad);
  EXPECT_EQ(r[3].line, 4u);
  EXPECT_EQ(r[4].fields, (F{"e", "f"}));
  EXPECT_EQ(r[4].line, 5u);
}

TEST(Csv, UnterminatedQuote) {
  CsvReader csv{"a,b\n\"open,\nstill open\n"};
  EXPECT_EQ(csv.next(), CsvReader::record);
  EXPECT_EQ(csv.next(), CsvReader::bad);
  EXPECT_EQ(csv.line(), 2u);
  EXPECT_NE(csv.error().find("unterminated"), std::string::npos);
  EXPECT_EQ(csv.next(), CsvReader::done);
}

TEST(Csv, NotUtf8IsAnError) {
  auto r = read_all("a,b\nc,\xFF\nd,e\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].result, CsvReader::bad);
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[2].fields, (F{"d", "e"}));
  EXPECT_EQ(r[2].line, 3u);
}

TEST(Csv, ValidUtf8) {
  EXPECT_TRUE(muster::valid_utf8(""));
  EXPECT_TRUE(muster::valid_utf8("Côte d'Ivoire, 日本, 😀"));
  EXPECT_FALSE(muster::valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(muster::valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(muster::valid_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(muster::valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(muster::valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(muster::valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(muster::valid_utf8("\xF8\x88\x80\x80\x80"));
}

TEST(Csv, LoneCarriageReturnIsPartOfTheField) {
  auto r = read_all("a\rb,c\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (F{"a\rb", "c"}));
}

// --- the non-owning constructor ------------------------------------------------

std::vector<Rec> read_range(char* begin, char* end, std::size_t first_line) {
  CsvReader csv{begin, end, first_line};
  return records_of(csv, static_cast<std::size_t>(-1));
}

bool operator==(const Rec& a, const Rec& b) {
  return a.result == b.result && a.line == b.line && a.fields == b.fields;
}

TEST(Csv, TwoReadersOfTheHalvesOfOneBufferReadWhatOneReads) {
  const std::string text =
      "id,note\n"
      "1,\"two\nlines\"\r\n"
      "\n"
      "2,\"say \"\"hi\"\"\"\n"  // line 5 (line 4 is blank)
      "3,plain\n"               // line 6: the split is here
      "\r\n"
      "4,\"x\ny\nz\"\n"         // line 8, spanning three lines
      "5,last";                 // line 11
  const auto whole = read_all(text);
  ASSERT_EQ(whole.size(), 6u);
  EXPECT_EQ(whole[3].fields, (F{"3", "plain"}));
  EXPECT_EQ(whole[3].line, 6u);
  EXPECT_EQ(whole[4].line, 8u);
  EXPECT_EQ(whole[5].line, 11u);

  std::string buffer = text;
  const std::size_t mid = text.find("3,plain");
  auto first = read_range(buffer.data(), buffer.data() + mid, 1);
  auto second = read_range(buffer.data() + mid, buffer.data() + buffer.size(), 6);
  ASSERT_EQ(first.size(), 3u);
  ASSERT_EQ(second.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(first[i], whole[i]) << i;
    EXPECT_EQ(second[i], whole[3 + i]) << i;
  }
}

TEST(Csv, NonOwningReaderSkipsNoByteOrderMarkAndCountsItsOwnLimits) {
  std::string buffer = "\xEF\xBB\xBF" "a,b\n";
  auto r = read_range(buffer.data(), buffer.data() + buffer.size(), 40);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (F{"\xEF\xBB\xBF" "a", "b"}));
  EXPECT_EQ(r[0].line, 40u);
  std::string empty;
  EXPECT_TRUE(read_range(empty.data(), empty.data(), 1).empty());
}

// --- SWAR edges: every position of a special byte within a 64-bit word ---------

TEST(Csv, SpecialByteAtEachPositionOfAWord) {
  for (std::size_t k = 0; k < 10; ++k) {      // bytes before, to shift the word
    const std::string pre = k ? std::string(k - 1, 'p') + "," : "";
    const F pre_fields = k ? F{std::string(k - 1, 'p')} : F{};
    auto with = [&](F f) { F all = pre_fields; all.insert(all.end(), f.begin(), f.end()); return all; };
    for (std::size_t i = 0; i < 16; ++i) {
      const std::string a(i, 'a');
      SCOPED_TRACE("k=" + std::to_string(k) + " i=" + std::to_string(i));
      auto comma = read_all(pre + a + ",b\n");
      ASSERT_EQ(comma.size(), 1u);
      EXPECT_EQ(comma[0].fields, with({a, "b"}));

      if ((pre + a).empty()) {  // a blank first line: skipped, but counted
        auto blank = read_all("\nb\r\n\r\nc");
        ASSERT_EQ(blank.size(), 2u);
        EXPECT_EQ(blank[0].line, 2u);
        EXPECT_EQ(blank[1].line, 4u);
        EXPECT_EQ(blank[1].fields, (F{"c"}));
      } else {
        auto lf = read_all(pre + a + "\nb\n");
        ASSERT_EQ(lf.size(), 2u);
        EXPECT_EQ(lf[0].fields, with({a}));
        EXPECT_EQ(lf[1].fields, (F{"b"}));
        EXPECT_EQ(lf[1].line, 2u);

        auto crlf = read_all(pre + a + "\r\nb\r\n");
        ASSERT_EQ(crlf.size(), 2u);
        EXPECT_EQ(crlf[0].fields, with({a}));
        EXPECT_EQ(crlf[1].fields, (F{"b"}));
        EXPECT_EQ(crlf[1].line, 2u);
      }

      auto cr = read_all(pre + a + "\rb,c\n");
      ASSERT_EQ(cr.size(), 1u);
      EXPECT_EQ(cr[0].fields, with({a + "\rb", "c"}));

      if (i > 0) {  // (at i = 0 the quote opens a quoted field)
        CsvReader quote{pre + a + "\"b\nnext\n"};
        EXPECT_EQ(quote.next(), CsvReader::bad);
        EXPECT_EQ(quote.error(), fmt_field(k ? 2 : 1) + ": a quote inside an unquoted field");
        EXPECT_EQ(quote.line(), 1u);
        EXPECT_EQ(quote.next(), CsvReader::record);
        EXPECT_EQ(quote.fields(), (std::vector<std::string_view>{"next"}));
        EXPECT_EQ(quote.line(), 2u);
      }

      // Inside quotes, ',' '\r' '\n' are ordinary bytes (a line end is counted).
      auto quoted = read_all(pre + "\"" + a + ",\r\n" + a + "\",z\nw\n");
      ASSERT_EQ(quoted.size(), 2u);
      EXPECT_EQ(quoted[0].fields, with({a + ",\r\n" + a, "z"}));
      EXPECT_EQ(quoted[1].line, 3u);
    }
  }
}

TEST(Csv, FieldsEndingExactlyAtTheBufferEnd) {
  for (std::size_t n = 0; n < 20; ++n) {
    SCOPED_TRACE(n);
    const std::string x(n, 'x');
    for (const char* end : {"", "\n", "\r\n"}) {
      auto plain = read_all("a," + x + end);
      ASSERT_EQ(plain.size(), 1u);
      EXPECT_EQ(plain[0].fields, (F{"a", x}));
      auto quoted = read_all("a,\"" + x + "\"" + end);
      ASSERT_EQ(quoted.size(), 1u);
      EXPECT_EQ(quoted[0].fields, (F{"a", x}));
    }
    auto open = read_all("a,\"" + x);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].result, CsvReader::bad);
  }
}

TEST(Csv, CarriageReturnAtTheBufferEnd) {
  for (std::size_t n = 0; n < 17; ++n) {
    SCOPED_TRACE(n);
    const std::string x(n, 'x');
    auto plain = read_all("a," + x + "\r");  // a lone CR: part of the field
    ASSERT_EQ(plain.size(), 1u);
    EXPECT_EQ(plain[0].fields, (F{"a", x + "\r"}));
    CsvReader quoted{"a,\"" + x + "\"\r"};
    EXPECT_EQ(quoted.next(), CsvReader::bad);
    EXPECT_EQ(quoted.error(), "field 2: unexpected character after a closing quote");
    EXPECT_EQ(quoted.next(), CsvReader::done);
  }
  auto only = read_all("\r");
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].fields, (F{"\r"}));
}

TEST(Csv, DoubledQuotesAtEveryPositionOfAWord) {
  for (std::size_t i = 0; i < 18; ++i)
    for (std::size_t j = 0; j < 10; ++j) {
      SCOPED_TRACE("i=" + std::to_string(i) + " j=" + std::to_string(j));
      const std::string a(i, 'a'), b(j, 'b');
      auto r = read_all("\"" + a + "\"\"" + b + "\",\"" + b + "\"\"\"\"\"\"" + a + "\"\nz\n");
      ASSERT_EQ(r.size(), 2u);
      EXPECT_EQ(r[0].fields, (F{a + "\"" + b, b + "\"\"\"" + a}));
      EXPECT_EQ(r[1].fields, (F{"z"}));
      EXPECT_EQ(r[1].line, 2u);
      auto end = read_all("x,\"" + a + "\"\"\"");  // "" just before the closing quote at the end
      ASSERT_EQ(end.size(), 1u);
      EXPECT_EQ(end[0].fields, (F{"x", a + "\""}));
    }
}

TEST(Csv, MultiByteUtf8StraddlingAWordBoundary) {
  for (std::size_t i = 0; i < 17; ++i)
    for (const std::string ch : {"\xC3\xA9", "\xE6\x97\xA5", "\xF0\x9F\x98\x80"}) {
      SCOPED_TRACE(i);
      const std::string a(i, 'a');
      auto good = read_all(a + ch + "z,\"" + a + ch + "\"\"\"\n");
      ASSERT_EQ(good.size(), 1u);
      EXPECT_EQ(good[0].fields, (F{a + ch + "z", a + ch + "\""}));
      EXPECT_TRUE(muster::valid_utf8(a + ch + a + ch + a));
      // The same character cut short, then ASCII: not UTF-8.
      const std::string cut = ch.substr(0, ch.size() - 1);
      CsvReader bad{"q," + a + cut + "z\nok\n"};
      EXPECT_EQ(bad.next(), CsvReader::bad);
      EXPECT_EQ(bad.error(), "field 2: bytes that are not UTF-8");
      EXPECT_EQ(bad.next(), CsvReader::record);
      EXPECT_EQ(bad.line(), 2u);
      EXPECT_FALSE(muster::valid_utf8(a + cut + a + "bbbbbbbbbbbbbbbb"));
      EXPECT_FALSE(muster::valid_utf8(std::string(i, 'c') + a + ch + "\xFF" + a));
    }
}

TEST(Csv, NotUtf8InTheThirdFieldIsNamed) {
  CsvReader csv{"h1,h2,h3,h4\n\xC3\xA9,\"x\"\"y\",ab\xE6\x97,\xE6\x97\xA5\nnext,b,c,d\n"};
  EXPECT_EQ(csv.next(), CsvReader::record);
  EXPECT_EQ(csv.next(), CsvReader::bad);
  EXPECT_EQ(csv.error(), "field 3: bytes that are not UTF-8");
  EXPECT_EQ(csv.line(), 2u);
  EXPECT_EQ(csv.next(), CsvReader::record);
  EXPECT_EQ(csv.line(), 3u);
  EXPECT_EQ(csv.fields()[0], "next");
  // A bad byte hidden in a quoted field after an unescaped quote.
  CsvReader quoted{"a,b,\"x\"\"\xFF\",d\n"};
  EXPECT_EQ(quoted.next(), CsvReader::bad);
  EXPECT_EQ(quoted.error(), "field 3: bytes that are not UTF-8");
}

// --- the byte-at-a-time reader this one replaced, as a reference ----------------

std::vector<Rec> reference_read(std::string t) {
  std::vector<Rec> out;
  std::size_t pos = 0, line = 1, n = t.size();
  if (n >= 3 && t.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  auto skip_line = [&] {
    while (pos < n && t[pos] != '\n') ++pos;
    if (pos < n) { ++pos; ++line; }
  };
  for (;;) {
    for (;;) {
      if (pos >= n) return out;
      if (t[pos] == '\n') { ++pos; ++line; continue; }
      if (t[pos] == '\r' && pos + 1 < n && t[pos + 1] == '\n') { pos += 2; ++line; continue; }
      break;
    }
    Rec rec{CsvReader::record, line, {}};
    bool failed = false;
    for (;;) {
      std::string field;
      if (pos < n && t[pos] == '"') {
        ++pos;
        bool closed = false;
        while (pos < n) {
          if (t[pos] == '"') {
            if (pos + 1 < n && t[pos + 1] == '"') { field += '"'; pos += 2; continue; }
            ++pos;
            closed = true;
            break;
          }
          if (t[pos] == '\n') ++line;
          field += t[pos++];
        }
        if (!closed) { rec.result = CsvReader::bad; rec.fields = {"unterminated quoted field"}; out.push_back(rec); return out; }
        if (pos < n && t[pos] != ',' && t[pos] != '\n' && !(t[pos] == '\r' && pos + 1 < n && t[pos + 1] == '\n')) {
          rec.fields = {fmt_field(rec.fields.size() + 1) + ": unexpected character after a closing quote"};
          failed = true;
        }
      } else {
        while (pos < n) {
          const char c = t[pos];
          if (c == ',' || c == '\n' || (c == '\r' && pos + 1 < n && t[pos + 1] == '\n')) break;
          if (c == '"') { rec.fields = {fmt_field(rec.fields.size() + 1) + ": a quote inside an unquoted field"}; failed = true; break; }
          field += c;
          ++pos;
        }
      }
      if (failed) { rec.result = CsvReader::bad; skip_line(); break; }
      rec.fields.push_back(field);
      if (pos >= n) break;
      if (t[pos] == ',') { ++pos; continue; }
      pos += t[pos] == '\r' ? 2 : 1;
      ++line;
      break;
    }
    if (!failed)
      for (std::size_t i = 0; i < rec.fields.size(); ++i)
        if (!muster::valid_utf8(rec.fields[i])) {
          rec.result = CsvReader::bad;
          rec.fields = {fmt_field(i + 1) + ": bytes that are not UTF-8"};
          break;
        }
    out.push_back(rec);
  }
}

TEST(Csv, ReadsRandomTextAsTheByteAtATimeReaderDid) {
  const std::vector<std::string> pieces = {"a", "bc", "defghij", ",", "\n", "\r", "\r\n", "\"",
                                           "\"\"", "\xC3\xA9", "\xE6\x97\xA5", "\xFF", "\xE6", " "};
  std::mt19937 rng{2025};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 60);
    for (int i = 0; i < length; ++i) text += pieces[rng() % pieces.size()];
    SCOPED_TRACE(::testing::PrintToString(text));
    auto want = reference_read(text);
    CsvReader csv{text};
    std::vector<Rec> got;
    for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
      Rec rec{r, csv.line(), {}};
      if (r == CsvReader::record)
        for (auto f : csv.fields()) rec.fields.emplace_back(f);
      else
        rec.fields = {csv.error()};
      got.push_back(std::move(rec));
    }
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], want[i]) << i;
  }
}

}  // namespace

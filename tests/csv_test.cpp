// Tests for muster/csv.hpp: RFC 4180 reading as spec section 1 describes it,
// with the physical line where each record or error starts.
#include <muster/csv.hpp>

#include <gtest/gtest.h>

namespace {

using muster::CsvReader;

struct Rec {
  CsvReader::Result result;
  std::size_t line;
  std::vector<std::string> fields;
};

std::vector<Rec> read_all(std::string text) {
  CsvReader csv{std::move(text)};
  std::vector<Rec> out;
  for (auto r = csv.next(); r != CsvReader::done; r = csv.next()) {
    Rec rec{r, csv.line(), {}};
    if (r == CsvReader::record)
      for (auto f : csv.fields()) rec.fields.emplace_back(f);
    out.push_back(std::move(rec));
    if (out.size() > 100) break;
  }
  return out;
}

using F = std::vector<std::string>;

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

}  // namespace

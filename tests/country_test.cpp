// Tests for muster/country.hpp: every spelling spec section 2 accepts for
// `country` (alpha-3, alpha-2 in any case; ISO name, official name or
// common name, case-insensitive, a leading "The " ignored, accents optional),
// stored as alpha-3.
#include <muster/country.hpp>

#include <gtest/gtest.h>

namespace {

using muster::Country;

std::string code(std::string_view s) {
  auto c = Country::find(s);
  return c ? std::string(c->code()) : std::string("(none)");
}

TEST(Country, CodesInAnyCase) {
  EXPECT_EQ(code("KEN"), "KEN");
  EXPECT_EQ(code("ken"), "KEN");
  EXPECT_EQ(code("Ken"), "KEN");
  EXPECT_EQ(code("KE"), "KEN");
  EXPECT_EQ(code("ke"), "KEN");
  EXPECT_EQ(code("jm"), "JAM");
  EXPECT_EQ(code("SV"), "SLV");
}

TEST(Country, NamesOfficialNamesCommonNames) {
  EXPECT_EQ(code("Kenya"), "KEN");
  EXPECT_EQ(code("KENYA"), "KEN");
  EXPECT_EQ(code("Bolivia, Plurinational State of"), "BOL");  // name
  EXPECT_EQ(code("Plurinational State of Bolivia"), "BOL");   // official name
  EXPECT_EQ(code("bolivia"), "BOL");                          // common name
  EXPECT_EQ(code("United States of America"), "USA");
  EXPECT_EQ(code("united states"), "USA");
  EXPECT_EQ(code("Czech Republic"), "CZE");
  EXPECT_EQ(code("Czechia"), "CZE");
  EXPECT_EQ(code("Vietnam"), "VNM");
  EXPECT_EQ(code("Viet Nam"), "VNM");
  EXPECT_EQ(code("Korea, Republic of"), "KOR");
  EXPECT_EQ(code("South Korea"), "KOR");
}

TEST(Country, LeadingTheIgnored) {
  EXPECT_EQ(code("The Bahamas"), "BHS");
  EXPECT_EQ(code("the gambia"), "GMB");
  EXPECT_EQ(code("The Netherlands"), "NLD");
  EXPECT_EQ(code("Kingdom of the Netherlands"), "NLD");
  EXPECT_EQ(code("The State of Palestine"), "PSE");
  EXPECT_EQ(code("State of Palestine"), "PSE");
}

TEST(Country, AccentsOptional) {
  EXPECT_EQ(code("Côte d'Ivoire"), "CIV");
  EXPECT_EQ(code("Cote d'Ivoire"), "CIV");
  EXPECT_EQ(code("COTE D'IVOIRE"), "CIV");
  EXPECT_EQ(code("CÔTE D'IVOIRE"), "CIV");
  EXPECT_EQ(code("Republic of Cote d'Ivoire"), "CIV");
  EXPECT_EQ(code("Turkiye"), "TUR");
  EXPECT_EQ(code("Türkiye"), "TUR");
  EXPECT_EQ(code("Curacao"), "CUW");
  EXPECT_EQ(code("Aland Islands"), "ALA");
}

TEST(Country, UnknownSpellings) {
  EXPECT_EQ(code(""), "(none)");
  EXPECT_EQ(code("Narnia"), "(none)");
  EXPECT_EQ(code("XX"), "(none)");
  EXPECT_EQ(code("KENY"), "(none)");
  EXPECT_EQ(code("The"), "(none)");
  EXPECT_EQ(code("Kenya Republic"), "(none)");
}

TEST(Country, NamesAndValueSemantics) {
  const Country ken = *Country::find("KEN");
  EXPECT_EQ(ken.name(), "Kenya");
  EXPECT_EQ(ken.common_name(), "Kenya");
  EXPECT_EQ(Country::find("BOL")->common_name(), "Bolivia");
  EXPECT_TRUE(ken.ok());
  EXPECT_FALSE(Country{}.ok());
  EXPECT_EQ(Country{}.code(), "");
  EXPECT_EQ(ken, *Country::find("Kenya"));
  EXPECT_LT(*Country::find("FRA"), ken);  // byte order of the codes
  EXPECT_LT(Country{}, *Country::find("AFG"));
}

TEST(Country, FoldName) {
  EXPECT_EQ(muster::fold_name("Côte d'Ivoire"), "cote d'ivoire");
  EXPECT_EQ(muster::fold_name("ÅLAND"), "aland");
}

}  // namespace

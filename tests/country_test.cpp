// Tests for muster/country.hpp: every spelling spec sections 2 and 2a accept
// for `country` (codes in any case; ISO 3166-1/3166-3, CLDR and documented
// names, case-, accent- and punctuation-insensitive, inverted, a leading
// "The " ignored), stored as alpha-3; ambiguous and unknown spellings.
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

TEST(Country, Spec2aNames) {
  const std::pair<const char*, const char*> names[] = {
      {"DR Congo", "COD"}, {"DRC", "COD"}, {"Democratic Republic of the Congo", "COD"},
      {"Congo (DRC)", "COD"}, {"Zaire", "COD"}, {"South Korea", "KOR"}, {"Korea, South", "KOR"},
      {"Republic of Korea", "KOR"}, {"North Korea", "PRK"}, {"Macedonia", "MKD"},
      {"The former Yugoslav Republic of Macedonia", "MKD"}, {"Swaziland", "SWZ"},
      {"Eswatini", "SWZ"}, {"East Timor", "TLS"}, {"Micronesia", "FSM"}, {"Palestine", "PSE"},
      {"Holy See", "VAT"}, {"Vatican City", "VAT"}, {"Great Britain", "GBR"}, {"UK", "GBR"},
      {"Soviet Union", "SUN"}, {"USSR", "SUN"}, {"Russia", "RUS"}, {"Turkey", "TUR"},
      {"Türkiye", "TUR"}, {"Ivory Coast", "CIV"}, {"Brunei", "BRN"}, {"Cape Verde", "CPV"},
      {"Burma", "MMR"}, {"Czechia", "CZE"}, {"Dahomey", "BEN"}, {"Upper Volta", "BFA"},
      {"Yugoslavia", "YUG"}, {"Czechoslovakia", "CSK"}, {"Serbia and Montenegro", "SCG"},
      {"German Democratic Republic", "DDR"}, {"Netherlands Antilles", "ANT"},
      {"St. Kitts & Nevis", "KNA"}, {"Congo, Dem. Rep.", "COD"}};
  for (const auto& [name, iso] : names) EXPECT_EQ(code(name), iso) << name;
}

// Spec 2a (version 1.2): the UCDP/PRIO and Correlates of War spellings. A
// UCDP "Today (Former)" name is today's country; the former alone keeps its
// own code (North Vietnam VDR, Yugoslavia YUG).
TEST(Country, UcdpAndCorrelatesOfWarNames) {
  const std::pair<const char*, const char*> names[] = {
      {"Bosnia-Herzegovina", "BIH"}, {"Macedonia, FYR", "MKD"}, {"FYR Macedonia", "MKD"},
      {"DR Congo (Zaire)", "COD"}, {"Serbia (Yugoslavia)", "SRB"},
      {"Cambodia (Kampuchea)", "KHM"}, {"Yemen (North Yemen)", "YEM"},
      {"Russia (Soviet Union)", "RUS"}, {"Zimbabwe (Rhodesia)", "ZWE"},
      {"Madagascar (Malagasy)", "MDG"}, {"Vietnam (North Vietnam)", "VNM"},
      {"Myanmar (Burma)", "MMR"}, {"Sri Lanka (Ceylon)", "LKA"}, {"Iran (Persia)", "IRN"},
      {"Turkey (Ottoman Empire)", "TUR"}, {"Germany (Prussia)", "DEU"},
      {"Burkina Faso (Upper Volta)", "BFA"}, {"Kyrgyzstan", "KGZ"}, {"Surinam", "SUR"},
      {"Swaziland (Eswatini)", "SWZ"}, {"United States of America", "USA"},
      {"Bosnia and Herzegovina", "BIH"}, {"Congo", "COG"},
      {"St. Vincent and the Grenadines", "VCT"}, {"German Federal Republic", "DEU"},
      {"Ceylon", "LKA"}, {"Persia", "IRN"}, {"Western Samoa", "WSM"}};
  for (const auto& [name, iso] : names) EXPECT_EQ(code(name), iso) << name;
  EXPECT_EQ(code("North Vietnam"), "VDR");
  EXPECT_EQ(code("Yugoslavia"), "YUG");
  for (const char* none : {"South Vietnam", "Republic of Vietnam", "Austria-Hungary", "Hyderabad"})
    EXPECT_FALSE(Country::find(none)) << none;
}

TEST(Country, FormerCountries) {
  for (const char* c : {"YUG", "SUN", "CSK", "SCG", "DDR", "ANT"}) {
    const auto f = Country::find(c);
    ASSERT_TRUE(f) << c;
    EXPECT_EQ(f->code(), c);
    EXPECT_TRUE(f->former());
  }
  EXPECT_EQ(Country::find("Yugoslavia")->name(), "Yugoslavia");
  EXPECT_EQ(Country::find("USSR, Union of Soviet Socialist Republics")->name(), "USSR");
  EXPECT_FALSE(Country::find("KEN")->former());
  EXPECT_EQ(code("Zaire, Republic of"), "COD");   // renamed: today's country
  EXPECT_EQ(code("Republic of Upper Volta"), "BFA");
  EXPECT_EQ(code("Southern Rhodesia"), "ZWE");
}

TEST(Country, PunctuationAccentsInversionThe) {
  EXPECT_EQ(code("Cote d Ivoire"), "CIV");
  EXPECT_EQ(code("cote divoire"), "CIV");
  EXPECT_EQ(code("Côte d’Ivoire"), "CIV");
  EXPECT_EQ(code("Co\xcc\x82te d'Ivoire"), "CIV");  // a combining accent
  EXPECT_EQ(code("Guinea  Bissau"), "GNB");
  EXPECT_EQ(code("Guinea-Bissau"), "GNB");
  EXPECT_EQ(code("Korea, Republic of"), "KOR");
  EXPECT_EQ(code("Republic of Korea"), "KOR");
  EXPECT_EQ(code("Moldova, Republic of"), "MDA");
  EXPECT_EQ(code("Republic of Moldova"), "MDA");
  EXPECT_EQ(code("Bahamas, The"), "BHS");
  EXPECT_EQ(code("The Gambia"), "GMB");
  EXPECT_EQ(code("Bolivia (Plurinational State of)"), "BOL");
  EXPECT_EQ(code("U.S.A."), "USA");
  EXPECT_EQ(code("Congo"), "COG");
}

TEST(Country, AmbiguousAndUnknown) {
  const auto korea = Country::lookup("Korea");
  EXPECT_FALSE(korea.country);
  ASSERT_EQ(korea.candidates.size(), 2u);
  EXPECT_EQ(korea.candidates[0].code(), "KOR");
  EXPECT_EQ(korea.candidates[1].code(), "PRK");
  EXPECT_EQ(korea.message("Korea"),
            "unknown country 'Korea' (ambiguous: KOR South Korea or PRK North Korea)");
  EXPECT_EQ(code("Korea"), "(none)");
  const auto kenia = Country::lookup("Kenia");
  EXPECT_FALSE(kenia.country);
  ASSERT_EQ(kenia.suggestions, std::vector<std::string>{"Kenya"});
  EXPECT_EQ(kenia.message("Kenia"), "unknown country 'Kenia' (did you mean Kenya?)");
  EXPECT_EQ(Country::lookup("Atlantis").message("Atlantis"),
            "unknown country 'Atlantis': expected an ISO 3166-1 code or a country name");
  EXPECT_EQ(Country::lookup("Kenya").country, Country::find("KEN"));
}

TEST(Country, FoldName) {
  EXPECT_EQ(muster::fold_name("Côte d'Ivoire"), "cote d'ivoire");
  EXPECT_EQ(muster::fold_name("ÅLAND"), "aland");
}

}  // namespace

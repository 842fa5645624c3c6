// muster check: refuse a bad log exactly as every command does; for a good
// one, say what it holds.
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

#include <memory>
#include <set>

namespace muster::cli {

void add_check_command(CLI::App& app, const Register& on_selected) {
  auto log_path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("check", "Validate a log and report what it holds");
  cmd->add_option("LOG", *log_path, "The event log; - reads standard input")->required();
  cmd->add_option("--format", *format, "table, csv or json");
  cmd->callback([=] {
    on_selected([=] {
      QueryOptions fmt_only;
      fmt_only.format = *format;
      const Format f = fmt_only.output_format();
      const Log log = load(*log_path);
      std::set<Contingent> contingents;
      std::set<std::string> missions;
      std::set<Country> countries;
      std::optional<Day> first, last;
      for (const Event& e : log.events()) {
        if (!e.mission.empty()) missions.insert(e.mission);
        if (e.country) countries.insert(*e.country);
        if (e.kind != Kind::retraction && e.kind != Kind::pledge && !log.is_observation(e))
          contingents.insert(e.contingent());
        if (!first || e.date.first < *first) first = e.date.first;
        if (!last || e.date.last > *last) last = e.date.last;
      }
      Result r;
      r.columns = {"rows", "contingents", "missions", "countries", "first_day", "last_day"};
      r.rows.push_back({static_cast<Count>(log.events().size()),
                        static_cast<Count>(contingents.size()), static_cast<Count>(missions.size()),
                        static_cast<Count>(countries.size()), first ? to_string(*first) : "",
                        last ? to_string(*last) : ""});
      write(stdout, r, f);
      return 0;
    });
  });
}

}  // namespace muster::cli

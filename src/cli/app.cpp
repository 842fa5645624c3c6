// The muster command as a function: parses the command line, runs the
// command, returns the exit status (0 success, 1 log refused, 2 usage error).
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

#include <sstream>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace muster::cli {
namespace {

// The subcommand the command line names: the first argument that is the name
// of one, or null.
CLI::App* named_command(CLI::App& app, int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--") break;
    for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      if (sub->get_name() == argv[i]) return sub;
  }
  return nullptr;
}

// Where help is: "see 'muster strength --help'".
std::string help_hint(const CLI::App* command) {
  return command ? fmt::format("see 'muster {} --help'", command->get_name())
                 : std::string("see 'muster --help'");
}

// The long option names `command` knows: "--on", "--help", ...
std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> out;
  for (const CLI::Option* o : command.get_options())
    for (const std::string& name : o->get_lnames()) out.push_back("--" + name);
  return out;
}

// What is wrong with a command line that CLI11 refused, in one sentence: an
// unknown command or option with the closest known one, or CLI11's own words.
std::string parse_problem(CLI::App& app, CLI::App* command, int argc, const char* const* argv,
                          const CLI::ParseError& e) {
  if (!command) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      names.push_back(sub->get_name());
    for (int i = 1; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg.empty() || arg.front() == '-') continue;
      std::string text = fmt::format("unknown command '{}'", arg);
      if (auto near = closest(arg, names)) text += fmt::format("; did you mean '{}'?", *near);
      return text;
    }
    return "a command is required (strength, series, days, pledges, check, explain, import, ...)";
  }
  const std::vector<std::string> known = option_names(*command);
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 3 || arg.substr(0, 2) != "--") continue;
    const std::string name(arg.substr(0, arg.find('=')));
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string text = fmt::format("unknown option {}", name);
    if (auto near = closest(name, known)) text += fmt::format("; did you mean {}?", *near);
    return text;
  }
  return e.what();
}

// Help and version text, written through the one checked writer: a help
// that cannot be written is an error too.
int print_help(const CLI::App& app, const CLI::Error& e) {
  std::ostringstream out, err;
  const int status = app.exit(e, out, err);
  try {
    standard_output().put(out.str());
    standard_output().end_record();
    finish_standard_output();
  } catch (const WriteFailed& w) {
    tell("muster: {}\n", w.what());
    return 1;
  }
  if (!err.str().empty()) tell("{}", err.str());
  return status;
}

}  // namespace

int run(int argc, const char* const* argv) {
  CLI::App app{"muster: deployments, strengths and their sources"};
  app.name("muster");
  app.set_version_flag("--version", "muster " MUSTER_VERSION);
  app.require_subcommand(1);
  // A global option, also after the command's name (fallthrough).
  bool spreadsheet_safe = false;
  app.fallthrough();
  app.add_flag("--spreadsheet-safe", spreadsheet_safe,
               "In csv output, write a text cell that begins with =, +, -, @, a tab or a "
               "carriage return with a leading ' (a spreadsheet would run it as a formula)");
  Run selected;
  // A usage error found once the command line is parsed names the command's
  // help too (cli.md, exit status 2).
  const Register on_selected = [&](Run r) {
    selected = [r = std::move(r), hint = help_hint(named_command(app, argc, argv))] {
      try {
        return r();
      } catch (const UsageError& e) {
        throw UsageError(fmt::format("{} ({})", e.what(), hint));
      }
    };
  };
  add_query_commands(app, on_selected);
  add_check_command(app, on_selected);
  add_explain_command(app, on_selected);
  add_import_command(app, on_selected);
  add_generate_command(app, on_selected);
  add_append_commands(app, on_selected);
  add_picture_commands(app, on_selected);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    return print_help(app, e);
  } catch (const CLI::ParseError& e) {
    CLI::App* command = named_command(app, argc, argv);
    tell("muster: error: {} ({})\n", parse_problem(app, command, argc, argv, e),
               help_hint(command));
    return 2;
  }
  set_spreadsheet_safe(spreadsheet_safe);
  try {
    if (!selected) return 2;
    const int status = selected();
    finish_standard_output();  // every byte written, or exit 1 (cli.md, "Exit status")
    return status;
  } catch (const WriteFailed& e) {
    tell("muster: {}\n", e.what());
    return 1;
  } catch (const UsageError& e) {
    tell("muster: error: {}\n", e.what());
    return 2;
  } catch (const Refused&) {
    return 1;
  } catch (const std::exception& e) {
    tell("muster: error: {}\n", e.what());
    return 1;
  }
}

}  // namespace muster::cli

// The muster command as a function: parses the command line, runs the
// command, returns the exit status (0 success, 1 log refused, 2 usage error).
#include "commands.hpp"
#include "common.hpp"

#include <fmt/format.h>

namespace muster::cli {

int run(int argc, const char* const* argv) {
  CLI::App app{"muster: deployments, strengths and their sources"};
  app.name("muster");
  app.set_version_flag("--version", "muster " MUSTER_VERSION);
  app.require_subcommand(1);
  Run selected;
  const Register on_selected = [&](Run r) { selected = std::move(r); };
  add_query_commands(app, on_selected);
  add_check_command(app, on_selected);
  add_explain_command(app, on_selected);
  add_import_command(app, on_selected);
  add_generate_command(app, on_selected);
  add_append_commands(app, on_selected);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "muster: error: {} (see muster --help)\n", e.what());
    return 2;
  }
  try {
    if (!selected) return 2;
    const int status = selected();
    finish_standard_output();  // every byte written, or exit 1 (cli.md, "Exit status")
    return status;
  } catch (const WriteFailed& e) {
    fmt::print(stderr, "muster: {}\n", e.what());
    return 1;
  } catch (const UsageError& e) {
    fmt::print(stderr, "muster: error: {}\n", e.what());
    return 2;
  } catch (const Refused&) {
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "muster: error: {}\n", e.what());
    return 1;
  }
}

}  // namespace muster::cli

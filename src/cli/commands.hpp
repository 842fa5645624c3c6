// The commands of `muster`. Each adds itself to the app and returns the
// function that runs it once the command line is parsed; that function
// returns the exit status.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace muster::cli {

using Run = std::function<int()>;
using Register = std::function<void(Run)>;

/// The whole command: parses argv, runs the command, returns the exit status.
int run(int argc, const char* const* argv);

void add_query_commands(CLI::App& app, const Register& on_selected);  // strength series days pledges
void add_check_command(CLI::App& app, const Register& on_selected);
void add_explain_command(CLI::App& app, const Register& on_selected);
void add_import_command(CLI::App& app, const Register& on_selected);
void add_generate_command(CLI::App& app, const Register& on_selected);
void add_append_commands(CLI::App& app, const Register& on_selected);  // append correct retract
void add_picture_commands(CLI::App& app, const Register& on_selected);  // chart report

}  // namespace muster::cli

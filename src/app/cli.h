#pragma once
// The command line: serve, config show, apikey rotate, routes, parse, classify, search, version.
namespace helmarr::app {

// Returns the process exit code: 0 ok, 1 runtime failure, 2 usage or
// configuration error.
int run_cli(int argc, char** argv);

}  // namespace helmarr::app

#include "app/cli.h"

int main(int argc, char** argv) { return helmarr::app::run_cli(argc, argv); }

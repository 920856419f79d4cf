#include "config.h"
#include "cli/cli.h"
static int run(struct cb_cli *cli, int argc, char **argv) { (void)cli; (void)argc; (void)argv; return 1; }
const struct cb_cmd cmd_import = { "import", "", "", run };

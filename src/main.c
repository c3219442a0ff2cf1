/* disclose: one binary, one subcommand per job. See `disclose --help`. */
#include "cmd/cmd.h"

int main(int argc, char **argv)
{
	return cmd_main(argc, argv);
}

/* Placeholder: glossa fix arrives with its issue. */
#include "cli.h"

int cmd_fix(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("fix: not implemented yet");
	return EXIT_TROUBLE;
}

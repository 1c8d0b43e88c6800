/* Placeholder: glossa check arrives with its issue. */
#include "cli.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("check: not implemented yet");
	return EXIT_TROUBLE;
}

/* Placeholder: glossa translit arrives with its issue. */
#include "cli.h"

int cmd_translit(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("translit: not implemented yet");
	return EXIT_TROUBLE;
}

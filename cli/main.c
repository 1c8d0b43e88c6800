/*
 * glossa: keep names in news copy in the house spelling.
 *
 * main() parses the options every command shares and hands the rest to
 * the command table, as libgit2's cli does.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const cli_command commands[] = {
	{ "check", cmd_check, "check a draft before publication: names, spelling, scripts" },
	{ "fix", cmd_fix, "put every known name in a draft in its house spelling" },
	{ "translit", cmd_translit, "transliterate Cyrillic and Arabic-script names the house way" },
	{ "config", cmd_config, "show the settings and the glossary in effect for a draft" },
	{ "glossary", cmd_glossary, "keep the shared name glossary: add, find, import, export, ..." },
	{ "help", cmd_help, "show help for glossa or one of its commands" },
	{ "version", cmd_version, "print the version" },
	{ NULL, NULL, NULL }
};

static void usage(FILE *out)
{
	const cli_command *c;

	fprintf(out,
		"Usage: glossa [--glossary PATH] COMMAND [ARGS]\n"
		"\n"
		"Keep names in news copy in the house spelling: one shared\n"
		"glossary of names, their variants and native spellings.\n"
		"\n"
		"Commands:\n");
	for (c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -g, --glossary PATH  use this glossary database; default: the\n"
		"                       settings' glossary (glossa config), else\n"
		"                       $GLOSSA_DB, else your own glossary\n"
		"                       (~/.local/share/glossa/glossary.db) if it\n"
		"                       exists, else the built-in one (read-only)\n"
		"  -h, --help           show this help\n"
		"  -V, --version        print the version\n"
		"\n"
		"Exit status: 0 success, 1 findings or no match, 2 error.\n"
		"Run 'glossa COMMAND --help' for a command's options.\n");
}

static int cmd_help(int argc, char **argv)
{
	const cli_command *c;
	char *args[] = { NULL, (char *)"--help", NULL };

	if (argc < 2) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	for (c = commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0 && c->fn != cmd_help) {
			args[0] = argv[1];
			return c->fn(2, args);
		}
	return cli_usage_error("help", "unknown command '%s'", argv[1]);
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("glossa %s\n", GLOSSA_VERSION);
	return EXIT_CLEAN;
}

/*
 * Every command's output ends here: what is still buffered is written and
 * standard output closed, so that a full disk or a closed pipe is an
 * error (exit 2, one line) and not a silent exit 0. A command that failed
 * has said why already.
 */
static int finish(int rc)
{
	bool failed = ferror(stdout) != 0;
	int err = 0;

	if (fflush(stdout) != 0)
		err = errno;
	if (fclose(stdout) != 0 && err == 0 && errno != EBADF)
		err = errno;
	if ((err || failed) && rc != EXIT_TROUBLE) {
		/* An earlier write that failed left no reason behind. */
		cli_error("cannot write output: %s", err ? strerror(err) :
			"a write to it failed");
		rc = EXIT_TROUBLE;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "glossary", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const cli_command *c;
	int ch;

	/* Past a file size limit, let write() fail with EFBIG so the error
	 * is reported and the original file kept, rather than be killed. */
	signal(SIGXFSZ, SIG_IGN);
	/* "+": stop at the command name; its options are its own. */
	while ((ch = getopt_long(argc, argv, "+g:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'g':
			cli_global.glossary = optarg;
			break;
		case 'h':
			usage(stdout);
			return finish(EXIT_CLEAN);
		case 'V':
			return finish(cmd_version(0, NULL));
		default:
			fprintf(stderr, "Try 'glossa --help'.\n");
			return EXIT_TROUBLE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	for (c = commands; c->name; c++)
		if (strcmp(c->name, argv[optind]) == 0) {
			int n = argc - optind;
			char **v = argv + optind;
			int rc;

			optind = 0;  /* reset getopt for the command */
			rc = finish(c->fn(n, v));
			cli_user_config_free();
			return rc;
		}
	cli_error("unknown command '%s'; try 'glossa --help'", argv[optind]);
	return EXIT_TROUBLE;
}

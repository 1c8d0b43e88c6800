/*
 * The settings every command reads the same way (issue 18): the nearest
 * trusted .glossa.ini (the draft's folder or above; for translit and
 * glossary find, the current folder or above), then the per-user file
 * ($XDG_CONFIG_HOME/glossa/config.ini, else ~/.config/glossa/config.ini;
 * believed on the same owner and mode rules), then the options: options
 * win, and a .glossa.ini wins over the per-user file. `glossa config`
 * prints what is in effect and where each value came from.
 *
 * The library reads the files (glossa_check_config_*); here they are
 * found, combined and handed to fix, check, translit and find through
 * their options, so that fix needs nothing of the check layer.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

/* The per-user file, read once per process (workers forked later share
 * it). */
static struct {
	bool loaded;
	char *path;                 /* the file read, or NULL */
	glossa_check_config *cfg;   /* it, or NULL */
} user;

int cli_user_config_path(glossa_buf *out)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	glossa_buf_clear(out);
	if (xdg && *xdg == '/')
		return glossa_buf_printf(out, "%s/glossa/config.ini", xdg) < 0 ?
			-1 : 0;
	if (home && *home == '/')
		return glossa_buf_printf(out, "%s/.config/glossa/config.ini",
			home) < 0 ? -1 : 0;
	return 1;  /* no such place */
}

int cli_user_config(const glossa_check_config **cfg, const char **path)
{
	glossa_buf p = GLOSSA_BUF_INIT, why = GLOSSA_BUF_INIT;
	int t, rc = -1;

	if (user.loaded)
		goto done;
	t = cli_user_config_path(&p);
	if (t < 0) {
		cli_error("out of memory");
		goto out;
	}
	if (t > 0 || access(p.ptr, F_OK) != 0) {
		user.loaded = true;
		goto done;
	}
	/* As a .glossa.ini: a file anyone could have written is ignored,
	 * said once; one that is wrong stops the run. */
	if ((t = glossa_check_config_trusted(&why, p.ptr)) < 0) {
		cli_lib_error();
		goto out;
	}
	if (t == 1) {
		fprintf(stderr, "%s: warning: ignoring settings %s: %s\n",
			cli_progname, p.ptr, why.ptr);
		user.loaded = true;
		goto done;
	}
	if (glossa_check_config_load(&user.cfg, p.ptr) < 0) {
		cli_lib_error();
		goto out;
	}
	if ((user.path = strdup(p.ptr)) == NULL) {
		cli_error("out of memory");
		glossa_check_config_free(user.cfg);
		user.cfg = NULL;
		goto out;
	}
	user.loaded = true;
done:
	if (cfg)
		*cfg = user.cfg;
	if (path)
		*path = user.path;
	rc = 0;
out:
	glossa_buf_dispose(&p);
	glossa_buf_dispose(&why);
	return rc;
}

void cli_user_config_ignore(void)
{
	cli_user_config_free();
	user.loaded = true;
}

void cli_user_config_free(void)
{
	glossa_check_config_free(user.cfg);
	free(user.path);
	memset(&user, 0, sizeof(user));
}

/* A skipped file is said once in a row (drafts of one folder share
 * it). */
static void warn_untrusted(const char *path, const char *why, void *payload)
{
	static char last[4096];

	(void)payload;
	if (strcmp(last, path) == 0)
		return;
	snprintf(last, sizeof(last), "%s", path);
	fprintf(stderr, "%s: warning: ignoring settings %s: %s\n",
		cli_progname, path, why);
}

int cli_project_config_find(glossa_buf *out, const char *draft)
{
	glossa_buf_clear(out);
	return glossa_check_config_find_trusted(out, draft, warn_untrusted,
		NULL) == 0 ? 0 : 1;
}

int cli_project_config(glossa_check_config **out, const char *draft)
{
	glossa_buf p = GLOSSA_BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (cli_project_config_find(&p, draft) == 0 &&
	    glossa_check_config_load(out, p.ptr) < 0) {
		cli_lib_error();
		rc = -1;
	}
	glossa_buf_dispose(&p);
	return rc;
}

int cli_glossary_choose(glossa_buf *path, glossa_buf *why, int *builtin,
	const glossa_check_config *project)
{
	const glossa_check_config *u = NULL;
	const char *env = getenv("GLOSSA_DB");
	int b = 0;

	glossa_buf_clear(path);
	glossa_buf_clear(why);
	if (builtin)
		*builtin = 0;
	if (cli_user_config(&u, NULL) < 0)
		return -1;
	if (cli_global.glossary) {
		if (glossa_buf_puts(path, cli_global.glossary) < 0 ||
		    glossa_buf_puts(why, "option --glossary") < 0)
			goto oom;
		return CLI_GLOSSARY_OPTION;
	}
	if (project == NULL || project->glossary == NULL)
		project = u && u->glossary ? u : NULL;
	if (project) {
		if (glossa_buf_puts(path, project->glossary) < 0 ||
		    glossa_buf_printf(why, "%s:%u", project->path,
			glossa_check_config_line(project, "glossary")) < 0)
			goto oom;
		return CLI_GLOSSARY_SETTINGS;
	}
	if (glossa_store_locate(path, &b, NULL) < 0) {
		cli_lib_error();
		return -1;
	}
	if (builtin)
		*builtin = b;
	if (glossa_buf_puts(why, b ? "the built-in glossary" :
			env && *env ? "$GLOSSA_DB" :
			"your own glossary (glossa glossary init)") < 0)
		goto oom;
	return CLI_GLOSSARY_DEFAULT;
oom:
	cli_error("out of memory");
	return -1;
}

int cli_open_store_for(glossa_store **out, const glossa_check_config *project,
	glossa_buf *used)
{
	glossa_buf path = GLOSSA_BUF_INIT, why = GLOSSA_BUF_INIT;
	int builtin = 0, rc = EXIT_TROUBLE;

	*out = NULL;
	if (cli_glossary_choose(&path, &why, &builtin, project) < 0)
		goto out;
	if (builtin && access(path.ptr, F_OK) != 0) {
		cli_error("%s: the built-in glossary is missing (is glossa installed? set GLOSSA_DEFAULT_DB or use --glossary)",
			path.ptr);
		goto out;
	}
	if (glossa_store_open(out, path.ptr, builtin ? GLOSSA_STORE_BUILTIN :
			GLOSSA_STORE_READONLY) < 0) {
		cli_lib_error();
		goto out;
	}
	if (used && (glossa_buf_clear(used), glossa_buf_puts(used,
			path.ptr)) < 0) {
		cli_error("out of memory");
		glossa_store_free(*out);
		*out = NULL;
		goto out;
	}
	rc = 0;
out:
	glossa_buf_dispose(&path);
	glossa_buf_dispose(&why);
	return rc;
}

int cli_open_store_here(glossa_store **out)
{
	glossa_check_config *cfg = NULL;
	int rc;

	*out = NULL;
	if (cli_project_config(&cfg, NULL) < 0)
		return EXIT_TROUBLE;
	rc = cli_open_store_for(out, cfg, NULL);
	glossa_check_config_free(cfg);
	return rc;
}

void cli_warn_if_empty(glossa_store *store)
{
	if (glossa_store_empty(store) == 1)
		fprintf(stderr, "%s: warning: the glossary %s is empty: no name is checked against it\n",
			cli_progname, glossa_store_path(store));
}

/* ---- glossa config ---- */

static const char config_help[] =
	"Usage: glossa config [OPTIONS] [FILE]\n"
	"\n"
	"Show the settings in effect for a draft (or for the current\n"
	"folder): each setting, its value and where it comes from (a\n"
	"settings file and line, \"option\" or \"default\"), and which\n"
	"glossary is used and why. The output is itself a settings file.\n"
	"\n"
	"Settings are read from the nearest .glossa.ini in the draft's\n"
	"folder or above, then from your own file\n"
	"($XDG_CONFIG_HOME/glossa/config.ini, else\n"
	"~/.config/glossa/config.ini); the nearer file wins, options win\n"
	"over both. fix, check, translit and glossary find all read them.\n"
	"\n"
	"  -c, --config FILE    settings from FILE instead of .glossa.ini\n"
	"      --no-config      ignore settings files (.glossa.ini and\n"
	"                       your own)\n"
	"  -g, --glossary PATH  the glossary (an option: it wins)\n"
	"  -h, --help           show this help\n";

/* One setting: its value from the first of (project, user) that sets
 * it, and where. */
static void origin(const glossa_check_config *p, const glossa_check_config *u,
	const char *setting, const glossa_check_config **from)
{
	*from = NULL;
	if (p && glossa_check_config_line(p, setting))
		*from = p;
	else if (u && glossa_check_config_line(u, setting))
		*from = u;
}

static void put_setting(const char *name, const char *value,
	const glossa_check_config *from, const char *setting)
{
	int n = printf("%s = ", name);

	n += cli_put_visible(stdout, value);
	printf("%*s; ", n < 32 ? 32 - n : 1, "");
	if (from) {
		cli_put_visible(stdout, from->path);
		printf(":%u\n", glossa_check_config_line(from, setting));
	} else {
		puts("default");
	}
}

int cmd_config(int argc, char **argv)
{
	enum { O_NO_CONFIG = 256 };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "no-config", no_argument, NULL, O_NO_CONFIG },
		{ "glossary", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_check_config *proj = NULL;
	const glossa_check_config *u = NULL, *from;
	const char *config = NULL, *draft = NULL, *upath = NULL;
	glossa_buf gpath = GLOSSA_BUF_INIT, why = GLOSSA_BUF_INIT;
	glossa_buf ppath = GLOSSA_BUF_INIT;
	bool no_config = false;
	int ch, rc = EXIT_TROUBLE, i, builtin = 0, how;
	size_t k;

	while ((ch = getopt_long(argc, argv, "c:g:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case O_NO_CONFIG:
			no_config = true;
			cli_user_config_ignore();
			break;
		case 'g':
			cli_global.glossary = optarg;
			break;
		case 'h':
			fputs(config_help, stdout);
			return EXIT_CLEAN;
		default:
			fprintf(stderr, "Try 'glossa config --help'.\n");
			return EXIT_TROUBLE;
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("config", "one draft at most");
	if (optind < argc) {
		draft = argv[optind];
		if (access(draft, F_OK) != 0) {
			cli_error("%s: %s", draft, strerror(errno));
			return EXIT_TROUBLE;
		}
	}
	if (config) {
		if (glossa_check_config_trusted(&why, config) != 0) {
			if (why.size)
				cli_error("%s: settings not trusted: %s",
					config, why.ptr);
			else
				cli_lib_error();
			goto out;
		}
		if (glossa_check_config_load(&proj, config) < 0) {
			cli_lib_error();
			goto out;
		}
	} else if (!no_config && cli_project_config(&proj, draft) < 0) {
		goto out;
	}
	if (cli_user_config(&u, &upath) < 0 ||
	    (how = cli_glossary_choose(&gpath, &why, &builtin, proj)) < 0)
		goto out;
	printf("# settings for %s\n", draft ? draft : "the current folder");
	printf("# .glossa.ini: ");
	cli_put_visible(stdout, proj ? proj->path : "none");
	printf("\n# per-user: ");
	if (upath)
		cli_put_visible(stdout, upath);
	else if (cli_user_config_path(&ppath) == 0)
		printf("none (%s)", ppath.ptr);
	else
		printf("none");
	printf("\n[glossa]\n");
	{
		int n = printf("glossary = ");

		n += cli_put_visible(stdout, gpath.ptr);
		printf("%*s; ", n < 32 ? 32 - n : 1, "");
		if (how == CLI_GLOSSARY_SETTINGS)
			cli_put_visible(stdout, why.ptr);
		else
			printf("%s", how == CLI_GLOSSARY_OPTION ? "option" :
				"default");
		printf("\n");
	}
	origin(proj, u, "language", &from);
	put_setting("language", from ? from->lang : "en_US", from, "language");
	origin(proj, u, "quotes", &from);
	put_setting("quotes", from && from->quotes_exempt == 1 ? "exempt" :
		"check", from, "quotes");
	printf("[rules]\n");
	for (i = 0; i < GLOSSA_RULE_COUNT; i++) {
		const char *name = glossa_rule_name((glossa_rule)i);
		glossa_severity s = GLOSSA_SEVERITY_DEFAULT;

		origin(proj, u, name, &from);
		if (from)
			s = glossa_rule_settings_get(from->rules, (glossa_rule)i);
		if (s == GLOSSA_SEVERITY_DEFAULT)
			s = glossa_rule_default_severity((glossa_rule)i);
		put_setting(name, glossa_severity_name(s), from, name);
	}
	printf("[accept]\n");
	{
		const glossa_check_config *c2[2] = { proj, u };
		int j;

		for (j = 0; j < 2; j++)
			for (k = 0; c2[j] && k < c2[j]->naccept; k++) {
				printf("word = ");
				cli_put_visible(stdout, c2[j]->accept[k]);
				printf("\n");
			}
	}
	printf("# glossary in use: ");
	cli_put_visible(stdout, gpath.ptr);
	printf(" (");
	if (how == CLI_GLOSSARY_SETTINGS)
		printf("named by ");
	cli_put_visible(stdout, why.ptr);
	printf(")\n");
	rc = EXIT_CLEAN;
out:
	glossa_check_config_free(proj);
	glossa_buf_dispose(&gpath);
	glossa_buf_dispose(&why);
	glossa_buf_dispose(&ppath);
	return rc;
}

/*
 * The glossa command: shared helpers. The CLI uses the public API only.
 */
#ifndef GLOSSA_CLI_H
#define GLOSSA_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <glossa.h>

/* Exit codes (also in README.md and the man page). */
#define EXIT_CLEAN    0  /* success, nothing found */
#define EXIT_FINDINGS 1  /* findings, changes needed, or no match */
#define EXIT_TROUBLE  2  /* usage error, bad input, or runtime failure */

typedef struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} cli_command;

/* Options every command understands, parsed by main(). */
typedef struct {
	const char *glossary;  /* --glossary PATH, or NULL */
} cli_globals;

extern cli_globals cli_global;
extern const char *cli_progname;

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print glossa_error_last() prefixed with the program name; returns
 * EXIT_TROUBLE. */
int cli_lib_error(void);
/* Print "glossa CMD: unknown option ..." style usage errors. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The largest input file glossa reads: far above any news copy, and far
 * below what would run the machine out of memory. */
#define CLI_MAX_INPUT (256 << 20)

/* Write s to out with its control characters escaped (\n, \xNN, a
 * backslash doubled), so that a value or a file name can neither make a
 * line of its own nor send the terminal escapes. Returns the bytes
 * written. */
int cli_put_visible(FILE *out, const char *s);

/* Read a whole file ("-" is stdin) into buf; errors name the file. */
int cli_read_file(glossa_buf *buf, const char *path);

/*
 * A draft to read once and keep until the end of the run: a regular file
 * is mapped (no copy, no fresh pages to clear), anything else is read
 * into `buf`. ptr[0..size) holds the bytes; with a mapping, ptr[size] may
 * not be a NUL. Should a mapped file shrink under the run, touching the
 * lost pages ends the run with "FILE: changed while glossa was reading
 * it" and exit status 2, before any file is written.
 */
typedef struct {
	const char *ptr;
	size_t size;
	glossa_buf buf;  /* the bytes, when read */
	void *map;       /* the mapping, when mapped */
	size_t maplen;
	struct stat st;  /* the file as it was read (st_ino 0: unknown) */
} cli_input;

#define CLI_INPUT_INIT { NULL, 0, GLOSSA_BUF_INIT, NULL, 0, { 0 } }

int cli_input_read(cli_input *in, const char *path);
void cli_input_dispose(cli_input *in);
/* Has the file at `path` changed since it was read into `in`? Says so,
 * naming the file, when it has. */
bool cli_input_changed(const cli_input *in, const char *path);
/* The same file, unchanged: device, inode, size and modification time. */
bool cli_same_file(const struct stat *a, const struct stat *b);
/*
 * The drafts of a run (files.c): files, folders (walked: drafts by
 * extension, ignore files honoured, links not followed), quoted globs
 * ("**" any number of folders) and "-" (standard input), each file once,
 * in a stable order. What cannot be read stays in the list in its place
 * with its error, said when the command gets there.
 */
typedef enum {
	CLI_DRAFT_NONE = 0,  /* not a draft type: a walk leaves it */
	CLI_DRAFT_TEXT,      /* text of a glossa_text_format */
	CLI_DRAFT_DOCX       /* a Word document */
} cli_draft_kind;

/* The draft type of a file by its extension, the one table of them
 * (.txt .text .md .markdown .qmd .Rmd .mdx .html .htm .docx); for text
 * also its format. */
cli_draft_kind cli_type_of_path(const char *path, glossa_text_format *format);

typedef struct {
	char *path;                 /* as named and opened; "-" is stdin */
	cli_draft_kind kind;
	glossa_text_format format;  /* for CLI_DRAFT_TEXT */
	char *error;                /* cannot be read: why, naming it */
	char *real;                 /* its real path (links resolved), the
	                             * same for every name of one file */
} cli_draft;

typedef struct {
	cli_draft *v;
	size_t n, alloc;
	size_t nbad;                /* entries with an error */
} cli_drafts;

/* args[0..nargs), or "-" when there are none. `type_set`: --type, the
 * type of every draft. -1 (said) only when out of memory. */
int cli_drafts_gather(cli_drafts *out, char *const *args, size_t nargs,
	bool type_set, glossa_text_format type);
void cli_drafts_dispose(cli_drafts *d);
/* Say why the draft cannot be read: "glossa: FILE: reason". */
void cli_draft_say(const cli_draft *d);
/* Is standard input to be read when no file is named: a pipe or a file,
 * not a terminal (nor /dev/null)? */
bool cli_stdin_is_input(void);

/*
 * Safe file writes (safewrite.c). A file is replaced, never written into:
 * a temporary file in the target's folder (O_TMPFILE where the file
 * system allows), fsync, then rename. Only regular files are written
 * (a device, FIFO, socket or folder is refused); a symbolic link is
 * written through to its target and stays a link; the owner, group, mode
 * and extended attributes (ACLs) of the file replaced are kept. Every
 * refusal is one line naming the file and ends in "no file was changed".
 */
/* Break hard links, and write a file whose owner, group or extended
 * attributes cannot be kept, rather than refuse. */
#define CLI_WRITE_FORCE 1u

/* Files replaced together, all or nothing: add() writes and checks each
 * new file, commit() puts them all in place or, should one fail, puts
 * back those already done. With `was` (the file as it was read), a file
 * changed since is left as it is, with an error: another program (an
 * editor) saved it meanwhile. */
typedef struct cli_writer cli_writer;
int cli_writer_new(cli_writer **out, unsigned flags);
int cli_writer_add(cli_writer *w, const char *path, const char *data,
	size_t len, const struct stat *was);
int cli_writer_commit(cli_writer *w);
/* Drops whatever was not committed; NULL is a no-op. */
void cli_writer_free(cli_writer *w);
/* One file: new, add, commit, free. */
int cli_write_file(const char *path, const char *data, size_t len,
	const struct stat *was, unsigned flags);
/* Can `path` be replaced at all (a regular file or none, symbolic links
 * followed)? Before reading a file that is to be written back: a FIFO
 * would block the read. */
int cli_write_precheck(const char *path);

/*
 * -o/--output FILE: what a command writes to standard output goes to FILE
 * instead, written atomically (cli_write_file) when the command ends well
 * and not at all otherwise. begin() with NULL or "-" changes nothing.
 * Standard output is the output while it runs (worker processes too).
 */
typedef struct {
	const char *path;
	int saved;  /* the real standard output */
	int fd;     /* what collects it */
} cli_output;
int cli_output_begin(cli_output *o, const char *path);
/* Puts standard output back; with `commit`, writes FILE. 0 or -1. */
int cli_output_end(cli_output *o, bool commit);
/* Would -o `output` replace `path`, a file the run reads (`what`: "a
 * draft being read", ...; "-" is standard input)? Then that is said and
 * -1 returned: the report would take the file's place. 0 otherwise (also
 * when either is NULL, or `output` is "-" or no file yet). */
int cli_output_clash(const char *output, const char *path, const char *what);
/* The same for a glossary and the files SQLite keeps beside it. */
int cli_output_clash_glossary(const char *output, const char *db);

/*
 * One flag vocabulary (-t input type, -f output format, -o output,
 * -g glossary, -n dry run, -q quiet, -j jobs, -l language): a short flag
 * a command once used for something else is refused with its long
 * name, "-n is --dry-run in glossa's commands; write --no-glossary in
 * full". Returns EXIT_TROUBLE.
 */
int cli_flag_moved(const char *cmd, int flag, const char *longopt,
	const char *meaning);

/*
 * Open the glossary chosen by --glossary / $GLOSSA_DB / per-user /
 * built-in. `write` asks for a writable store; the built-in one is
 * refused with a message that says how to make a copy.
 */
int cli_open_store(glossa_store **out, bool write);

/*
 * Settings (settings.c): the nearest trusted .glossa.ini of a draft, the
 * per-user file, then options; fix, check, translit and find alike.
 */
/* Where the per-user settings file is: 0, or 1 when there is no place
 * for it ($XDG_CONFIG_HOME and $HOME unset), -1 out of memory. */
int cli_user_config_path(glossa_buf *out);
/* The per-user settings (NULL when there are none), read once; an
 * untrusted file is ignored with a warning, a bad one is an error (said;
 * -1). The pointers stay valid until cli_user_config_free(). */
int cli_user_config(const glossa_check_config **cfg, const char **path);
void cli_user_config_free(void);
/* --no-config: no per-user settings in this run. */
void cli_user_config_ignore(void);
/* The nearest trusted .glossa.ini of `draft` (NULL: the current folder),
 * read; *out NULL when there is none. -1 (said) on a bad file. */
int cli_project_config(glossa_check_config **out, const char *draft);
/* Only its path: 0 found, 1 none. */
int cli_project_config_find(glossa_buf *out, const char *draft);
/* The glossary a draft with these settings uses, and why: --glossary,
 * else the .glossa.ini's glossary, else the per-user file's, else
 * $GLOSSA_DB, your own glossary or the built-in one. Returns one of: */
#define CLI_GLOSSARY_DEFAULT  0  /* $GLOSSA_DB, your own, built-in */
#define CLI_GLOSSARY_OPTION   1  /* --glossary */
#define CLI_GLOSSARY_SETTINGS 2  /* a settings file (why: FILE:LINE) */
int cli_glossary_choose(glossa_buf *path, glossa_buf *why, int *builtin,
	const glossa_check_config *project);
/* Open that glossary to read; `used` (may be NULL) receives its path.
 * 0, or EXIT_TROUBLE (said). */
int cli_open_store_for(glossa_store **out,
	const glossa_check_config *project, glossa_buf *used);
/* The same for the settings of the current folder (translit, find). */
int cli_open_store_here(glossa_store **out);
/* Warn (stderr, one line) when a glossary has no entries. */
void cli_warn_if_empty(glossa_store *store);

/* Run a nested command table ("glossa glossary add ..."). */
int cli_dispatch(const char *group, const cli_command *cmds, int argc,
	char **argv);

/*
 * -j N (pool.c): items done by worker processes forked now (so they share
 * what is loaded), their output handed back here in input order.
 */
/* The number of cores this process may run on (nproc). */
int cli_jobs_default(void);
/* --jobs N / -j N: N >= 1, or 0 for the number of cores. */
int cli_jobs_parse(int *out, const char *cmd, const char *arg);

typedef struct {
	size_t index;
	int rc;                 /* the task's status; a worker that died:
	                         * its exit status, else EXIT_TROUBLE */
	const char *out, *err;  /* what the task wrote to standard output
	                         * and error */
	size_t nout, nerr;
	const char *payload;    /* what the task put in its payload */
	size_t npayload;
} cli_pool_result;

/* Runs in a worker, standard output and error captured: do item i, put
 * what the parent needs in `payload`; returns 0 or an exit status. */
typedef int (*cli_pool_task)(size_t i, glossa_buf *payload, void *arg);
/* Runs here, for item 0, 1, 2, ... in order; non-zero stops the run. */
typedef int (*cli_pool_consume)(const cli_pool_result *r, void *arg);

/* Items 0..nitems-1 over `jobs` workers: 0 when every item was consumed,
 * the non-zero value consume() stopped with, or -1 (said why) when the
 * workers could not be run. */
int cli_pool_run(size_t nitems, int jobs, cli_pool_task task,
	cli_pool_consume consume, void *arg);
/* Write a result's captured error and output to stderr and stdout. */
int cli_pool_emit(const cli_pool_result *r);

/* Standard error kept aside (into a memory file) until _end(). */
typedef struct {
	int fd, saved;
} cli_capture;
int cli_capture_begin(cli_capture *c);
int cli_capture_end(cli_capture *c, glossa_buf *err);

int cmd_glossary(int argc, char **argv);
int cmd_translit(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_config(int argc, char **argv);

#endif
